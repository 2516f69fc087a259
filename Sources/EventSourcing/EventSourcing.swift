// The store-agnostic core. Its data model is JSON: event payloads, snapshots, kept decisions and read models are
// `JSON` values, so that any store (DynamoDB, Postgres, SQLite, memory) can keep them and domain code never sees a
// store's types. `JSON` and its coders come with `import EventSourcing`.
@_exported import EventSourcingJSON

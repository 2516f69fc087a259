// The DynamoDB stores and what they are built on: `import EventSourcingDynamoDB` also gives the client
// (`DynamoDBClient`, `DynamoDBConfiguration`, `AttributeValue`), to make a store or read a stream.
@_exported import EventSourcingDynamoDBClient

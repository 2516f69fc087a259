#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingDynamoDBClient
import Foundation

/// The local stand-in for a stream mapping's on-failure destination: a JSON Lines file, one line per discarded
/// batch. Each line has the fields of Lambda's invocation record for a DynamoDB stream (`requestContext`,
/// `responseContext`, `DDBStreamBatchInfo`, …) and, locally, the discarded records themselves and the reason.
public final class DeadLetterFile: Sendable {
    /// One discarded batch.
    public struct Entry: Codable, Sendable, Equatable {
        /// The invocation that gave up: its request id, the function's ARN, why, and how many attempts were made.
        public struct RequestContext: Codable, Sendable, Equatable {
            /// The request's id (locally, a fresh UUID).
            public var requestId: String
            /// The function's ARN (a local stand-in in account `000000000000`).
            public var functionArn: String
            /// `RetryAttemptsExhausted` or `RecordAgeExceeded`.
            public var condition: String
            /// How many times the batch was invoked before it was given up.
            public var approximateInvokeCount: Int
        }

        /// The last invocation's response, as Lambda records it.
        public struct ResponseContext: Codable, Sendable, Equatable {
            /// The invoke's HTTP status: always 200 locally.
            public var statusCode: Int
            /// The function version that ran: `$LATEST`.
            public var executedVersion: String
            /// `Unhandled` when the last invocation was a function error; absent when records were reported failed.
            public var functionError: String?
        }

        /// Where the discarded records are in the stream.
        public struct BatchInfo: Codable, Sendable, Equatable {
            /// The shard they came from.
            public var shardId: String
            /// The sequence number of the first record discarded.
            public var startSequenceNumber: String
            /// The sequence number of the last record discarded.
            public var endSequenceNumber: String
            /// When the first record arrived in the stream, if known.
            public var approximateArrivalOfFirstRecord: String?
            /// When the last record arrived in the stream, if known.
            public var approximateArrivalOfLastRecord: String?
            /// How many records were discarded.
            public var batchSize: Int
            /// The stream's ARN.
            public var streamArn: String
        }

        /// The record format's version, `1.0`.
        public var version = "1.0"
        /// When the batch was given up, in ISO 8601.
        public var timestamp: String
        /// The invocation that gave up.
        public var requestContext: RequestContext
        /// The last invocation's response.
        public var responseContext: ResponseContext
        /// Where the records are in the stream (`DDBStreamBatchInfo` in the JSON).
        public var ddbStreamBatchInfo: BatchInfo
        /// Why the last attempt failed (local addition).
        public var reason: String
        /// The discarded records, as they were delivered (local addition, for inspection and replay).
        public var records: [StreamRecord]

        enum CodingKeys: String, CodingKey {
            case version, timestamp, requestContext, responseContext, ddbStreamBatchInfo = "DDBStreamBatchInfo", reason, records
        }
    }

    /// The file's location.
    public let url: URL
    private let descriptor: Int32

    /// Opens (creating it and its directory when needed) the file at `url` for appending.
    public init(url: URL) throws(LocalEnvironmentError) {
        self.url = url
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .deadLetterFile(url.path, String(cString: strerror(errno))) }
    }

    deinit { close(descriptor) }

    /// Appends `entry` as one line, in one write.
    public func append(_ entry: Entry) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(entry) else { return }
        line.append(UInt8(ascii: "\n"))
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Every entry in the file at `url`, oldest first.
    public static func entries(at url: URL) throws -> [Entry] {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }
}

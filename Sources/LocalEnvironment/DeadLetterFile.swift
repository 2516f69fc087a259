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
        public struct RequestContext: Codable, Sendable, Equatable {
            public var requestId: String
            public var functionArn: String
            /// `RetryAttemptsExhausted` or `RecordAgeExceeded`.
            public var condition: String
            public var approximateInvokeCount: Int
        }

        public struct ResponseContext: Codable, Sendable, Equatable {
            public var statusCode: Int
            public var executedVersion: String
            /// `Unhandled` when the last invocation was a function error; absent when records were reported failed.
            public var functionError: String?
        }

        public struct BatchInfo: Codable, Sendable, Equatable {
            public var shardId: String
            public var startSequenceNumber: String
            public var endSequenceNumber: String
            public var approximateArrivalOfFirstRecord: String?
            public var approximateArrivalOfLastRecord: String?
            public var batchSize: Int
            public var streamArn: String
        }

        public var version = "1.0"
        public var timestamp: String
        public var requestContext: RequestContext
        public var responseContext: ResponseContext
        public var ddbStreamBatchInfo: BatchInfo
        /// Why the last attempt failed (local addition).
        public var reason: String
        /// The discarded records, as they were delivered (local addition, for inspection and replay).
        public var records: [StreamRecord]

        enum CodingKeys: String, CodingKey {
            case version, timestamp, requestContext, responseContext, ddbStreamBatchInfo = "DDBStreamBatchInfo", reason, records
        }
    }

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

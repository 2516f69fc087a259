#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import EventSourcingJSON

extension DynamoDBError {
    /// The typed error for a non-200 answer, from its JSON body (or the XML that some endpoints send).
    init(status: Int, body: [UInt8], operation: String, table: String?) {
        let type: String, message: String
        var parsed: DynamoDBErrorBody?
        if let decoded = try? DynamoDBJSON.decode(DynamoDBErrorBody.self, from: body) {
            parsed = decoded
            type = decoded.type
            message = decoded.message ?? ""
        } else {
            let text = String(decoding: body, as: UTF8.self)
            type = Self.xmlElement("Code", in: text) ?? ""
            message = Self.xmlElement("Message", in: text) ?? String(text.prefix(200))
        }
        switch type {
        case "ConditionalCheckFailedException":
            self = .conditionalCheckFailed(table: table, item: parsed?.item)
        case "TransactionCanceledException":
            self = .transactionCanceled(reasons: parsed?.cancellationReasons ?? [])
        case "TransactionConflictException", "TransactionInProgressException":
            self = .transactionConflict(message)
        case "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "LimitExceededException":
            self = .throttled(operation: operation, message: message)
        case "ValidationException", "SerializationException":
            self = .validation(operation: operation, message: message)
        case "ResourceNotFoundException":
            self = .resourceNotFound(table: table, message: message)
        case "UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException", "IncompleteSignatureException",
             "MissingAuthenticationTokenException", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
             "AccessDenied", "AuthFailure":
            self = .accessDenied(code: type, message: message)
        default:
            if status >= 500 {
                self = .serviceUnavailable(operation: operation, status: status, message: message)
            } else if status == 403 {
                self = .accessDenied(code: type.isEmpty ? "Forbidden" : type, message: message)
            } else {
                self = .other(operation: operation, status: status, type: type, message: message)
            }
        }
    }

    /// A 200 whose body is not what the operation answers.
    static func undecodable(operation: String, _ reason: String) -> DynamoDBError {
        .other(operation: operation, status: 200, type: "InvalidResponse", message: "the response could not be decoded: \(reason)")
    }

    private static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"), let close = text[open.upperBound...].firstRange(of: "</\(name)>") else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Case-insensitive lookup in header dictionaries, which API Gateway passes with the client's spelling (1.0)
/// or lower-cased (2.0).
extension Dictionary where Key == String, Value == String {
    func value(forHTTPField name: String) -> String? {
        if let exact = self[name] { return exact }
        let lower = name.lowercased()
        return first { $0.key.lowercased() == lower }?.value
    }
}

/// The body bytes of an event, decoding base64 when API Gateway flagged it.
func decodeBody(_ body: String?, isBase64Encoded: Bool) -> [UInt8]? {
    guard let body else { return nil }
    guard isBase64Encoded else { return Array(body.utf8) }
    return Data(base64Encoded: body).map { Array($0) }
}

/// A response body as API Gateway wants it: UTF-8 text as is, anything else base64.
func encodeBody(_ bytes: [UInt8]) -> (body: String, isBase64Encoded: Bool) {
    if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
    return (Data(bytes).base64EncodedString(), true)
}

import EventSourcingCrypto
import Synchronization

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`).
///
/// Every header the request carries is signed. The signing key (derived from the secret, the day, the region and
/// the service) is cached for the day, so a signature costs two SHA-256 passes and one HMAC. The secret, the key
/// and signatures never appear in `description` or in errors.
public final class SigV4Signer: Sendable, CustomStringConvertible {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    private let cachedKey = Mutex<(day: String, key: [UInt8])?>(nil)

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    public var description: String { "SigV4Signer(\(credentials), region: \(region), service: \(service))" }

    /// Adds `x-amz-date` (unless the request has one), `x-amz-security-token` (with temporary credentials) and
    /// `Authorization` to the request's headers.
    public func sign(_ request: inout SignableRequest, at date: AWSDate = .now) {
        if request.header("x-amz-date") == nil { request.headers.append((name: "X-Amz-Date", value: date.timestamp)) }
        if let token = credentials.sessionToken, request.header("x-amz-security-token") == nil {
            request.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        let timestamp = request.header("x-amz-date")!
        let day = String(timestamp.prefix(8))
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let (canonical, signedHeaders) = Self.canonicalRequest(request)
        let stringToSign = "AWS4-HMAC-SHA256\n\(timestamp)\n\(scope)\n\(Hex.encode(SHA256.hash(canonical.utf8)))"
        let signature = Hex.encode(HMACSHA256.authenticate(stringToSign.utf8, key: signingKey(day: day)))
        request.headers.append((
            name: "Authorization",
            value: "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        ))
    }

    /// The canonical request and the signed-headers list, as SigV4 defines them.
    static func canonicalRequest(_ request: SignableRequest) -> (String, String) {
        var grouped: [String: [String]] = [:]
        for (name, value) in request.headers {
            grouped[name.lowercased(), default: []].append(collapseSpaces(value))
        }
        let names = grouped.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let encodedQuery: [(name: String, value: String)] = request.query.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sortedQuery = encodedQuery.sorted { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        let query = sortedQuery.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let path = request.path.split(separator: "/", omittingEmptySubsequences: false)
            .map { uriEncode(String($0)) }.joined(separator: "/")
        let canonical = [
            request.method, path.isEmpty ? "/" : path, query, canonicalHeaders, signedHeaders,
            Hex.encode(SHA256.hash(request.body)),
        ].joined(separator: "\n")
        return (canonical, signedHeaders)
    }

    private func signingKey(day: String) -> [UInt8] {
        if let cached = cachedKey.withLock({ $0 }), cached.day == day { return cached.key }
        let dateKey = HMACSHA256.authenticate(day.utf8, key: Array("AWS4\(credentials.secretAccessKey)".utf8))
        let regionKey = HMACSHA256.authenticate(region.utf8, key: dateKey)
        let serviceKey = HMACSHA256.authenticate(service.utf8, key: regionKey)
        let key = HMACSHA256.authenticate("aws4_request".utf8, key: serviceKey)
        cachedKey.withLock { $0 = (day, key) }
        return key
    }

    /// Trims a header value and folds runs of spaces into one, as the canonical form requires.
    private static func collapseSpaces(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~`.
    static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

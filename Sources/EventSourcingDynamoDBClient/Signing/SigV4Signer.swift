import EventSourcingCrypto
import Synchronization

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`).
///
/// Every header the request carries is signed. The signing key (derived from the secret, the day, the region and
/// the service) is cached for the day with its HMAC pads already hashed, so a signature costs two SHA-256 passes and
/// one HMAC of the string to sign. The secret, the key and signatures never appear in `description` or in errors.
public final class SigV4Signer: Sendable, CustomStringConvertible {
    /// The credentials requests are signed with.
    public let credentials: AWSCredentials
    /// The region of the signing scope, such as `eu-west-1`.
    public let region: String
    /// The service of the signing scope, such as `dynamodb`.
    public let service: String
    private let cachedKey = Mutex<DayKey?>(nil)

    /// What a day's signatures share: the signing key (its HMAC pads hashed) and the credential scope.
    private struct DayKey: Sendable {
        var day: String
        var key: HMACSHA256.Key
        /// `<day>/<region>/<service>/aws4_request`.
        var scope: [UInt8]
    }

    /// A signer for `service` in `region`.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The credentials (secret redacted), the region and the service.
    public var description: String { "SigV4Signer(\(credentials), region: \(region), service: \(service))" }

    /// Adds `x-amz-date` (unless the request has one), `x-amz-security-token` (with temporary credentials) and
    /// `authorization` to the request's headers.
    public func sign(_ request: inout SignableRequest, at date: AWSDate = .now) {
        let timestamp: String
        if let given = request.header("x-amz-date") {
            timestamp = given
        } else {
            timestamp = date.timestamp
            request.headers.append((name: "x-amz-date", value: timestamp))
        }
        if let token = credentials.sessionToken, request.header("x-amz-security-token") == nil {
            request.headers.append((name: "x-amz-security-token", value: token))
        }
        let dayKey = self.dayKey(day: String(timestamp.prefix(8)))
        let (canonical, signedHeaders) = Self.canonicalRequest(request)
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(160)
        stringToSign += "AWS4-HMAC-SHA256\n".utf8
        stringToSign += timestamp.utf8
        stringToSign.append(Self.newline)
        stringToSign += dayKey.scope
        stringToSign.append(Self.newline)
        Hex.encode(SHA256.hash(canonical), into: &stringToSign)
        var authorization: [UInt8] = []
        authorization.reserveCapacity(200 + signedHeaders.count)
        authorization += "AWS4-HMAC-SHA256 Credential=".utf8
        authorization += credentials.accessKeyID.utf8
        authorization.append(UInt8(ascii: "/"))
        authorization += dayKey.scope
        authorization += ", SignedHeaders=".utf8
        authorization += signedHeaders
        authorization += ", Signature=".utf8
        Hex.encode(dayKey.key.authenticate(stringToSign), into: &authorization)
        request.headers.append((name: "authorization", value: String(decoding: authorization, as: UTF8.self)))
    }

    /// The canonical request and the signed-headers list, as SigV4 defines them.
    ///
    /// Header names are lower-cased, values trimmed with runs of spaces folded, fields sorted by name (a name given
    /// twice keeps its values in the order sent, joined by commas). Names and the common values are ASCII, so this
    /// works on bytes and leaves a string untouched when it is already in canonical form.
    static func canonicalRequest(_ request: SignableRequest) -> (canonical: [UInt8], signedHeaders: [UInt8]) {
        var fields = request.headers.enumerated().map { header in
            (offset: header.offset, name: asciiLowercased(header.element.name), value: collapseSpaces(header.element.value))
        }
        fields.sort { lhs, rhs in
            lhs.name == rhs.name ? lhs.offset < rhs.offset : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        let encodedQuery: [(name: String, value: String)] = request.query.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sortedQuery = encodedQuery.sorted { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        let query = sortedQuery.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let path = request.path == "/" ? "/" : request.path.split(separator: "/", omittingEmptySubsequences: false)
            .map { uriEncode(String($0)) }.joined(separator: "/")
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical += request.method.utf8
        canonical.append(newline)
        canonical += (path.isEmpty ? "/" : path).utf8
        canonical.append(newline)
        canonical += query.utf8
        canonical.append(newline)
        var signedHeaders: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0, fields[index - 1].name == field.name {
                canonical[canonical.count - 1] = UInt8(ascii: ",")  // the newline: the value joins the previous field's
            } else {
                if !signedHeaders.isEmpty { signedHeaders.append(UInt8(ascii: ";")) }
                signedHeaders += field.name.utf8
                canonical += field.name.utf8
                canonical.append(UInt8(ascii: ":"))
            }
            canonical += field.value.utf8
            canonical.append(newline)
        }
        canonical.append(newline)
        canonical += signedHeaders
        canonical.append(newline)
        Hex.encode(SHA256.hash(request.body), into: &canonical)
        return (canonical, signedHeaders)
    }

    private static let newline = UInt8(ascii: "\n")

    private func dayKey(day: String) -> DayKey {
        if let cached = cachedKey.withLock({ $0 }), cached.day == day { return cached }
        let dateKey = HMACSHA256.authenticate(day.utf8, key: Array("AWS4\(credentials.secretAccessKey)".utf8))
        let regionKey = HMACSHA256.authenticate(region.utf8, key: dateKey)
        let serviceKey = HMACSHA256.authenticate(service.utf8, key: regionKey)
        let key = HMACSHA256.Key(HMACSHA256.authenticate("aws4_request".utf8, key: serviceKey))
        let dayKey = DayKey(day: day, key: key, scope: Array("\(day)/\(region)/\(service)/aws4_request".utf8))
        cachedKey.withLock { $0 = dayKey }
        return dayKey
    }

    /// Trims a header value and folds runs of spaces into one, as the canonical form requires.
    private static func collapseSpaces(_ value: String) -> String {
        var value = value
        let canonical = value.withUTF8 { bytes in
            let space = UInt8(ascii: " ")
            var previous = space  // a leading space is a run too
            for byte in bytes {
                if byte == space && previous == space { return false }
                previous = byte
            }
            return previous != space || bytes.isEmpty  // a trailing space
        }
        return canonical ? value : value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `name` with A–Z lower-cased (header names are ASCII tokens); the same string when it has no capital.
    private static func asciiLowercased(_ name: String) -> String {
        var name = name
        guard name.withUTF8({ $0.contains(where: { (65...90).contains($0) }) }) else { return name }
        return String(decoding: name.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
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

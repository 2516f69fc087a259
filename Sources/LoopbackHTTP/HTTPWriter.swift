/// Serialises HTTP/1.1 requests and responses into one buffer, so that each message leaves in one `send`.
public enum HTTPWriter {
    /// `METHOD target HTTP/1.1` with `Host`, the given headers, `Content-Length` and the body.
    public static func request(
        method: String, target: String, host: String, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) -> [UInt8] {
        var out: [UInt8] = []
        // The request line, Host, each field with its ": " and CRLF, Content-Length and the blank line, then the body.
        var headBytes = method.utf8.count + target.utf8.count + host.utf8.count + 64
        for field in headers { headBytes += field.name.utf8.count + field.value.utf8.count + 4 }
        out.reserveCapacity(headBytes + body.count)
        appendRequestHead(&out, method: method, target: target, host: host, headers: headers)
        if method != "GET" || !body.isEmpty {
            append(&out, "Content-Length: ")
            append(&out, String(body.count))
            append(&out, "\r\n")
        }
        append(&out, "\r\n")
        out += body
        return out
    }

    /// `HTTP/1.1 status reason` with the given headers, `Content-Length` and the body.
    public static func response(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + body.count)
        appendResponseHead(&out, status: status, headers: headers)
        append(&out, "Content-Length: ")
        append(&out, String(body.count))
        append(&out, "\r\n\r\n")
        out += body
        return out
    }

    /// `METHOD target HTTP/1.1` with `Host` and the given headers, and nothing else: the head of a request whose body
    /// follows in chunks (the headers should say `Transfer-Encoding: chunked`).
    public static func requestHead(method: String, target: String, host: String, headers: HTTPHeaders) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendRequestHead(&out, method: method, target: target, host: host, headers: headers)
        append(&out, "\r\n")
        return out
    }

    /// `HTTP/1.1 status reason` with the given headers and `Transfer-Encoding: chunked`: the head of a response whose
    /// body follows in chunks.
    public static func chunkedResponseHead(status: Int, headers: HTTPHeaders) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendResponseHead(&out, status: status, headers: headers)
        append(&out, "Transfer-Encoding: chunked\r\n\r\n")
        return out
    }

    /// What precedes a chunk of `count` bytes: its size in hexadecimal and CRLF. The chunk's bytes follow, then CRLF.
    public static func chunkPrefix(count: Int) -> [UInt8] {
        Array((String(count, radix: 16) + "\r\n").utf8)
    }

    /// One whole chunk of a chunked body. Empty bytes make no chunk at all: an empty chunk would end the body.
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        return chunkPrefix(count: bytes.count) + bytes + [13, 10]
    }

    /// The last chunk and the trailer fields: the end of a chunked body.
    public static func lastChunk(trailers: HTTPHeaders = HTTPHeaders()) -> [UInt8] {
        var out: [UInt8] = [0x30, 13, 10]
        appendFields(&out, trailers)
        append(&out, "\r\n")
        return out
    }

    /// The standard reason phrase of the statuses this project uses.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }

    private static func append(_ out: inout [UInt8], _ text: String) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// The request line, `Host` and the fields, short of the blank line that ends a head.
    private static func appendRequestHead(_ out: inout [UInt8], method: String, target: String, host: String, headers: HTTPHeaders) {
        append(&out, method)
        append(&out, " ")
        append(&out, target)
        append(&out, " HTTP/1.1\r\nHost: ")
        append(&out, host)
        append(&out, "\r\n")
        appendFields(&out, headers)
    }

    /// The status line and the fields, short of the blank line that ends a head.
    private static func appendResponseHead(_ out: inout [UInt8], status: Int, headers: HTTPHeaders) {
        append(&out, "HTTP/1.1 ")
        append(&out, String(status))
        append(&out, " ")
        append(&out, reason(status))
        append(&out, "\r\n")
        appendFields(&out, headers)
    }

    private static func appendFields(_ out: inout [UInt8], _ headers: HTTPHeaders) {
        for field in headers {
            append(&out, field.name)
            append(&out, ": ")
            append(&out, field.value)
            append(&out, "\r\n")
        }
    }
}

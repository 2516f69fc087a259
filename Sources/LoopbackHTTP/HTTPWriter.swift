/// Serialises HTTP/1.1 requests and responses into one buffer, so that each message leaves in one `send`.
public enum HTTPWriter {
    /// `METHOD target HTTP/1.1` with `Host`, the given headers, `Content-Length` and the body.
    public static func request(
        method: String, target: String, host: String, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + body.count)
        append(&out, method, " ", target, " HTTP/1.1\r\nHost: ", host, "\r\n")
        for field in headers { append(&out, field.name, ": ", field.value, "\r\n") }
        if method != "GET" || !body.isEmpty { append(&out, "Content-Length: ", String(body.count), "\r\n") }
        append(&out, "\r\n")
        out += body
        return out
    }

    /// `HTTP/1.1 status reason` with the given headers, `Content-Length` and the body.
    public static func response(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + body.count)
        append(&out, "HTTP/1.1 ", String(status), " ", reason(status), "\r\n")
        for field in headers { append(&out, field.name, ": ", field.value, "\r\n") }
        append(&out, "Content-Length: ", String(body.count), "\r\n\r\n")
        out += body
        return out
    }

    /// The standard reason phrase of the statuses this project uses.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Payload Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        default: "Status"
        }
    }

    private static func append(_ out: inout [UInt8], _ parts: String...) {
        for part in parts { out.append(contentsOf: part.utf8) }
    }
}

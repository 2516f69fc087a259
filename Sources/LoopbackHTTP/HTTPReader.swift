/// Reads HTTP/1.1 messages one after another from a keep-alive connection.
///
/// Bytes past the end of one message stay buffered for the next. Bodies are framed by `Content-Length` or
/// `Transfer-Encoding: chunked`; a message with neither has an empty body (requests) — responses to the
/// Runtime API always carry a length.
public struct HTTPReader {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case socket(SocketError)
        case parse(HTTPParseError)

        public var description: String {
            switch self {
            case .socket(let error): error.description
            case .parse(let error): error.description
            }
        }
    }

    private let socket: TCPSocket
    private var buffer: [UInt8] = []
    private var start = 0
    private let maxHeadBytes: Int
    private let maxBodyBytes: Int

    public init(socket: TCPSocket, maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024) {
        self.socket = socket
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
        buffer.reserveCapacity(64 * 1024)
    }

    /// The next message, or nil when the peer closed the connection cleanly between messages.
    public mutating func readMessage() throws(Failure) -> HTTPMessage? {
        guard let headEnd = try fillUntilHeadEnd() else { return nil }
        var message = try parseHead(buffer[start..<headEnd])
        start = headEnd + 4
        if let encoding = message.headers["Transfer-Encoding"], encoding.lowercased().contains("chunked") {
            message.body = try readChunkedBody()
        } else if let lengthText = message.headers["Content-Length"] {
            guard let length = Int(lengthText.trimmingSpaces), length >= 0 else {
                throw .parse(.invalidContentLength)
            }
            guard length <= maxBodyBytes else { throw .parse(.bodyTooLarge(limit: maxBodyBytes)) }
            message.body = try readExactly(length)
        }
        compact()
        return message
    }

    // MARK: - Internals

    private mutating func fill() throws(Failure) -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        let chunk = 64 * 1024
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let received: Int
        do {
            received = try buffer.withUnsafeMutableBytes { raw in
                try socket.receive(into: UnsafeMutableRawBufferPointer(rebasing: raw[oldCount...]))
            }
        } catch {
            buffer.removeLast(chunk)
            throw .socket(error as? SocketError ?? SocketError("recv", code: 0))
        }
        buffer.removeLast(chunk - received)
        return received > 0
    }

    private mutating func fillUntilHeadEnd() throws(Failure) -> Int? {
        var searchFrom = start
        while true {
            if let end = findHeadEnd(from: searchFrom) { return end }
            searchFrom = max(start, buffer.count - 3)
            if buffer.count - start > maxHeadBytes { throw .parse(.headTooLarge(limit: maxHeadBytes)) }
            guard try fill() else {
                if buffer.count == start { return nil }
                throw .parse(.truncated)
            }
        }
    }

    private func findHeadEnd(from index: Int) -> Int? {
        guard buffer.count >= 4 else { return nil }
        var i = index
        while i + 3 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    private mutating func readExactly(_ count: Int) throws(Failure) -> [UInt8] {
        while buffer.count - start < count {
            guard try fill() else { throw .parse(.truncated) }
        }
        let body = Array(buffer[start..<(start + count)])
        start += count
        return body
    }

    private mutating func readLine() throws(Failure) -> String {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            if buffer.count - start > maxHeadBytes { throw .parse(.invalidChunk) }
            guard try fill() else { throw .parse(.truncated) }
        }
    }

    private mutating func readChunkedBody() throws(Failure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingSpaces, radix: 16), size >= 0 else { throw .parse(.invalidChunk) }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers
                return body
            }
            guard body.count + size <= maxBodyBytes else { throw .parse(.bodyTooLarge(limit: maxBodyBytes)) }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw .parse(.invalidChunk) }
        }
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 256 * 1024 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) throws(Failure) -> HTTPMessage {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst() else { throw .parse(.malformedStartLine) }
        let parts = first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2 else { throw .parse(.malformedStartLine) }
        let startLine = (String(parts[0]), String(parts[1]), parts.count > 2 ? String(parts[2]) : "")
        guard startLine.0.hasPrefix("HTTP/") || startLine.2.hasPrefix("HTTP/") else { throw .parse(.malformedStartLine) }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .parse(.malformedHeader) }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces)
        }
        return HTTPMessage(startLine: startLine, headers: headers, body: [])
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}

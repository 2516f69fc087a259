#if canImport(Glibc)
import Glibc
#endif

/// Reads HTTP/1.1 messages one after another from a keep-alive connection.
///
/// Bytes past the end of one message stay buffered for the next. Bodies are framed by `Content-Length` or
/// `Transfer-Encoding: chunked`; a message with neither has an empty body. The buffer is raw memory that
/// `recv` writes into directly: nothing is zeroed or copied on the way in.
///
/// Any reader refuses what makes a message's end ambiguous: `Content-Length` fields that differ (equal ones read
/// as one) or that are not plain digits. A `strict` reader, for a server facing any client, also refuses what RFC
/// 9112 lets a server refuse and what could smuggle text past it: a control character in the start line or a
/// header (a tab is allowed in a field value), a CR or LF outside a CRLF (in the head and in chunk lines), a field
/// name that is not a token, and `Content-Length` together with `Transfer-Encoding`. Reading responses from a
/// trusted peer (the Runtime API), the checks would only cost time, so they are off by default.
public final class HTTPReader {
    /// Why a message could not be read: the socket failed, the bytes are not a message it accepts, or time ran out.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case socket(SocketError)
        case parse(HTTPParseError)
        /// The deadline passed before a whole message arrived; `midMessage` when part of one had.
        case timedOut(midMessage: Bool)

        /// What went wrong, in a sentence.
        public var description: String {
            switch self {
            case .socket(let error): error.description
            case .parse(let error): error.description
            case .timedOut(let midMessage): midMessage ? "the message did not complete in time" : "no message came in time"
            }
        }
    }

    private let socket: any ByteStream
    private var storage: UnsafeMutableRawBufferPointer
    /// Unread bytes are `storage[start..<end]`.
    private var start = 0
    private var end = 0
    private let maxHeadBytes: Int
    private let maxBodyBytes: Int
    private let strict: Bool
    /// When the message being read must be complete (`readMessage(deadline:)`), if `hasDeadline`. Not an optional:
    /// `Instant`'s layout is only known at run time, and an optional of it costs a metadata lookup on the path of
    /// every reader without a deadline (the Lambda runtime's, at start-up).
    private var deadline = ContinuousClock.now
    private var hasDeadline = false
    /// The head of the message being read is in; its body is not yet.
    private var readingBody = false
    /// Every byte received on this reader so far: 0 after a failure means the peer sent nothing at all (a client
    /// may then send its request again on a fresh connection).
    public private(set) var receivedByteCount = 0

    /// A reader on `socket` (or any `ByteStream`) that refuses a head over `maxHeadBytes` or a body over
    /// `maxBodyBytes`; `strict` adds the checks for a server facing any client.
    public init(socket: any ByteStream, maxHeadBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024, strict: Bool = false) {
        self.socket = socket
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
        self.strict = strict
        storage = .allocate(byteCount: 64 * 1024, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// The next message, or nil when the peer closed the connection cleanly between messages.
    public func readMessage() throws(Failure) -> HTTPMessage? {
        hasDeadline = false
        return try readWholeMessage()
    }

    /// As `readMessage()`; with a `deadline`, the whole message must have arrived by then, or this throws `timedOut`.
    public func readMessage(deadline: ContinuousClock.Instant?) throws(Failure) -> HTTPMessage? {
        hasDeadline = deadline != nil
        if let deadline { self.deadline = deadline }
        return try readWholeMessage()
    }

    /// The head of the next message (its body empty), or nil when the peer closed the connection cleanly between
    /// messages. Its body must be read next, with `readBody(into:)` or `readBody(eachChunk:)`, before another
    /// message can be read.
    public func readHead() throws(Failure) -> HTTPMessage? {
        hasDeadline = false
        return try readNextHead()
    }

    private func readWholeMessage() throws(Failure) -> HTTPMessage? {
        guard var message = try readNextHead() else { return nil }
        try readBody(into: &message)
        return message
    }

    private func readNextHead() throws(Failure) -> HTTPMessage? {
        readingBody = false
        guard let headEnd = try fillUntilHeadEnd() else { return nil }
        let message = try parseHead(from: start, to: headEnd)
        start = headEnd + 4
        readingBody = true
        var contentLength: String?
        var chunked = false
        var transferEncoding = false
        for field in message.headers {
            if field.name.utf8.count == 14, field.name.caseInsensitiveEquals("Content-Length") {
                if let earlier = contentLength, earlier != field.value { throw .parse(.conflictingContentLength) }
                contentLength = field.value
            } else if field.name.utf8.count == 17, field.name.caseInsensitiveEquals("Transfer-Encoding") {
                transferEncoding = true
                chunked = field.value.lowercased().contains("chunked")
            }
        }
        if strict && transferEncoding && contentLength != nil { throw .parse(.contentLengthWithTransferEncoding) }
        if chunked {
            pendingBody = .chunked
        } else if let contentLength {
            // `Int` alone would take a sign; RFC 9112 allows digits only.
            guard contentLength.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(contentLength) else {
                throw .parse(.invalidContentLength)
            }
            pendingBody = .length(length)
        } else {
            pendingBody = nil
        }
        return message
    }

    /// Reads the body of `message`, whose head `readHead` returned, into it (at most `maxBodyBytes`), with its trailers.
    public func readBody(into message: inout HTTPMessage) throws(Failure) {
        var body: [UInt8] = []
        message.trailers = try readPendingBody(totalLimit: maxBodyBytes) { chunk in
            if body.isEmpty { body = Array(chunk) } else { body.append(contentsOf: chunk) }
        }
        message.body = body
    }

    /// Reads the body of the message `readHead` returned, handing each chunk to `eachChunk` as soon as it is whole
    /// (a `Content-Length` body is one chunk): the body may be of any length, each chunk at most `maxBodyBytes`.
    /// Returns the trailers of a chunked body.
    public func readBody(eachChunk: ([UInt8]) -> Void) throws(Failure) -> HTTPHeaders {
        try readPendingBody(totalLimit: nil) { eachChunk(Array($0)) }
    }

    /// How the body of the last head read is framed; nil once it has been read (or when there is none).
    private enum Framing { case length(Int), chunked }
    private var pendingBody: Framing?

    /// Hands the pending body to `consume` piece by piece; `totalLimit` bounds the whole body, or (when nil) each
    /// chunk is bounded by `maxBodyBytes`.
    private func readPendingBody(totalLimit: Int?, _ consume: (UnsafeRawBufferPointer) -> Void) throws(Failure) -> HTTPHeaders {
        defer {
            readingBody = false
            pendingBody = nil
            if start == end { start = 0; end = 0 }
        }
        switch pendingBody {
        case nil:
            return HTTPHeaders()
        case .length(let length):
            guard length <= maxBodyBytes else { throw .parse(.bodyTooLarge(limit: maxBodyBytes)) }
            try consumeExactly(length, consume)
            return HTTPHeaders()
        case .chunked:
            var total = 0
            while true {
                let sizeLine = try readLine()
                let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
                guard let size = Int(sizeText.trimmingSpaces, radix: 16), size >= 0 else { throw .parse(.invalidChunk) }
                if size == 0 { return try readTrailers() }
                total += size
                let limit = totalLimit ?? maxBodyBytes
                guard (totalLimit == nil ? size : total) <= limit else { throw .parse(.bodyTooLarge(limit: limit)) }
                try consumeExactly(size, consume)
                guard try readLine().isEmpty else { throw .parse(.invalidChunk) }
            }
        }
    }

    /// The trailer fields after a chunked body's last chunk, up to the empty line that ends the message.
    private func readTrailers() throws(Failure) -> HTTPHeaders {
        var trailers = HTTPHeaders()
        while true {
            let line = try readLine()
            if line.isEmpty { return trailers }
            guard let colon = line.utf8.firstIndex(of: 58), colon > line.startIndex else { throw .parse(.invalidChunk) }
            trailers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces)
        }
    }

    // MARK: - Buffer

    /// Receives more bytes after `end`, making room first; false at end of stream.
    private func fill(wanting extra: Int = 1) throws(Failure) -> Bool {
        if start > 0 && (end == start || storage.count - end < max(extra, 4096)) {
            if end > start { storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start) }
            end -= start
            start = 0
        }
        if storage.count - end < extra || end == storage.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(storage.count * 2, end + extra), alignment: 8)
            grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
            storage.deallocate()
            storage = grown
        }
        if hasDeadline {
            let ready: Bool
            do {
                ready = try socket.waitForInput(until: deadline)
            } catch {
                throw .socket(error)
            }
            guard ready else { throw .timedOut(midMessage: readingBody || end > start) }
        }
        do {
            let received = try socket.receive(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            end += received
            receivedByteCount += received
            return received > 0
        } catch {
            throw .socket(error)
        }
    }

    private func byte(_ index: Int) -> UInt8 { storage[index] }

    /// The index of the first `\r\n\r\n` at or after `from`, before `end`.
    private func findHeadEnd(from: Int) -> Int? {
        var candidate = from
        while let carriageReturn = index(of: 13, from: candidate, to: end - 3) {
            if memcmp(storage.baseAddress! + carriageReturn, "\r\n\r\n", 4) == 0 { return carriageReturn }
            candidate = carriageReturn + 1
        }
        return nil
    }

    /// The index of the first `value` in `from..<to`.
    private func index(of value: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let found = memchr(storage.baseAddress! + from, Int32(value), to - from) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(storage.baseAddress!)
    }

    private func fillUntilHeadEnd() throws(Failure) -> Int? {
        // Searched so far, counted from `start`: `fill` may move the unread bytes to the front of the buffer.
        var searched = 0
        while true {
            let searchFrom = start + searched
            let found = findHeadEnd(from: searchFrom)
            // Checked as bytes arrive: a head of bare-LF lines has no CRLFCRLF to wait for.
            if strict, hasBareLineFeed(from: searchFrom, to: found.map { $0 + 4 } ?? end) { throw .parse(.bareLineBreak) }
            if let found { return found }
            searched = max(0, end - start - 3)
            if end - start > maxHeadBytes { throw .parse(.headTooLarge(limit: maxHeadBytes)) }
            guard try fill() else {
                if end == start { return nil }
                throw .parse(.truncated)
            }
        }
    }

    /// True when an LF in `from..<to` does not follow a CR.
    private func hasBareLineFeed(from: Int, to: Int) -> Bool {
        var candidate = from
        while let lineFeed = index(of: 10, from: candidate, to: to) {
            if lineFeed == start || byte(lineFeed - 1) != 13 { return true }
            candidate = lineFeed + 1
        }
        return false
    }

    /// Waits until `count` bytes are buffered, hands them to `consume` and moves past them.
    private func consumeExactly(_ count: Int, _ consume: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        while end - start < count {
            guard try fill(wanting: count - (end - start)) else { throw .parse(.truncated) }
        }
        consume(UnsafeRawBufferPointer(rebasing: storage[start..<(start + count)]))
        start += count
    }

    private func readLine() throws(Failure) -> String {
        // Searched so far, counted from `start`: `fill` may move the unread bytes to the front of the buffer.
        var searched = 0
        while true {
            var i = start + searched
            while i < end, byte(i) != 10 { i += 1 }
            if i < end {
                let crlf = i > start && byte(i - 1) == 13
                if strict && !crlf { throw .parse(.invalidChunk) }
                let lineEnd = crlf ? i - 1 : i
                let line = text(start, lineEnd)
                start = i + 1
                return line
            }
            searched = end - start
            if end - start > maxHeadBytes { throw .parse(.invalidChunk) }
            guard try fill() else { throw .parse(.truncated) }
        }
    }

    // MARK: - Head parsing, on bytes

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: storage[from..<to]), as: UTF8.self)
    }

    private func parseHead(from: Int, to: Int) throws(Failure) -> HTTPMessage {
        if strict { try checkHead(from: from, to: to) }
        var lineStart = from
        var lineEnd = index(of: 13, from: from, to: to) ?? to
        // Start line: three parts separated by single spaces (the reason phrase may contain spaces), kept as offsets
        // until they are known to be one.
        var parts: (Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0)
        var partCount = 0
        var partStart = lineStart
        for i in lineStart..<lineEnd where byte(i) == 32 && partCount < 2 {
            if i > partStart {
                if partCount == 0 { parts.0 = partStart..<i } else { parts.1 = partStart..<i }
                partCount += 1
            }
            partStart = i + 1
        }
        if partStart < lineEnd || partCount < 2 {
            switch partCount {
            case 0: parts.0 = partStart..<lineEnd
            case 1: parts.1 = partStart..<lineEnd
            default: parts.2 = partStart..<lineEnd
            }
            partCount += 1
        }
        guard partCount >= 2, startsWithHTTPVersion(parts.0) || startsWithHTTPVersion(parts.2) else { throw .parse(.malformedStartLine) }
        let startLine = (text(parts.0.lowerBound, parts.0.upperBound), text(parts.1.lowerBound, parts.1.upperBound),
                         text(parts.2.lowerBound, parts.2.upperBound))

        var headers = HTTPHeaders(capacity: 8)
        lineStart = lineEnd + 2
        while lineStart < to {
            lineEnd = index(of: 13, from: lineStart, to: to) ?? to
            guard let colon = index(of: 58, from: lineStart, to: lineEnd), colon > lineStart else { throw .parse(.malformedHeader) }
            var valueStart = colon + 1, valueEnd = lineEnd
            while valueStart < valueEnd && (byte(valueStart) == 32 || byte(valueStart) == 9) { valueStart += 1 }
            while valueEnd > valueStart && (byte(valueEnd - 1) == 32 || byte(valueEnd - 1) == 9) { valueEnd -= 1 }
            headers.add(text(lineStart, colon), text(valueStart, valueEnd))
            lineStart = lineEnd + 2
        }
        return HTTPMessage(startLine: startLine, headers: headers, body: [])
    }

    /// True when the bytes in `range` start with `HTTP/`.
    private func startsWithHTTPVersion(_ range: Range<Int>) -> Bool {
        range.count >= 5 && memcmp(storage.baseAddress! + range.lowerBound, "HTTP/", 5) == 0
    }

    /// What a strict reader refuses in a head that `parseHead` would read leniently: a control character (a tab
    /// only in a field value), a CR without its LF, a field name that is not a token (which also rules out
    /// whitespace before the colon, RFC 9112 §5.1).
    private func checkHead(from: Int, to: Int) throws(Failure) {
        var lineStart = from
        while true {
            let lineEnd = index(of: 13, from: lineStart, to: to) ?? to
            guard byte(lineEnd + 1) == 10 else { throw .parse(.bareLineBreak) }
            let isHeader = lineStart > from
            var valueStart = lineStart
            if isHeader {
                guard let colon = index(of: 58, from: lineStart, to: lineEnd), colon > lineStart else { throw .parse(.malformedHeader) }
                for i in lineStart..<colon where !Self.isTokenByte(byte(i)) {
                    throw .parse(Self.isControl(byte(i)) ? .controlCharacter(byte(i)) : .malformedHeader)
                }
                valueStart = colon + 1
            }
            for i in valueStart..<lineEnd where Self.isControl(byte(i)) && !(isHeader && byte(i) == 9) {
                throw .parse(.controlCharacter(byte(i)))
            }
            if lineEnd == to { return }
            lineStart = lineEnd + 2
        }
    }

    private static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// RFC 9110's `tchar`, the bytes of a field name.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true  // digits, letters
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E...0x60, 0x7C, 0x7E: true  // ! # $ % & ' * + - . ^ _ ` | ~
        default: false
        }
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

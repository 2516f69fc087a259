#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import EventSourcingLoopbackHTTP

/// A streamed response on the wire: `POST /response` with `Lambda-Runtime-Function-Response-Mode: streaming`, the body
/// in chunks, each sent as soon as the handler writes it, and an error after the first byte in the trailers.
extension RuntimeAPIClient {
    /// What became of a chunk.
    enum StreamStep: Equatable {
        case sent
        /// The Runtime API answered before the end of the stream (413 over its limit, say): nothing more is sent.
        case answered(PostOutcome)
    }

    /// The trailers a streamed response declares, for an error after its first byte.
    static let errorTypeTrailer = "Lambda-Runtime-Function-Error-Type"
    static let errorBodyTrailer = "Lambda-Runtime-Function-Error-Body"

    /// How many bytes may be streamed between two looks for an early answer. A look is a system call; the answer it
    /// looks for comes only past the streamed limit (200 MB), so a stream needs to stop within a mebibyte of it, not at
    /// once: the usual small stream makes no look at all.
    static let bytesBetweenLooks = 1_048_576

    /// Starts a streamed response with its head and `first` bytes in one send. Until this succeeds nothing of the
    /// response has reached the Runtime API, so a lost connection is reopened and the start sent again.
    func startStream(requestID: String, contentType: String, first: [UInt8]) throws(RuntimeAPIError) {
        let headers: HTTPHeaders = [
            "Lambda-Runtime-Function-Response-Mode": "streaming",
            "Transfer-Encoding": "chunked",
            "Trailer": "\(Self.errorTypeTrailer), \(Self.errorBodyTrailer)",
            "Content-Type": contentType,
        ]
        let start = HTTPWriter.requestHead(method: "POST", target: Self.responsePath(requestID), host: hostHeader, headers: headers)
            + HTTPWriter.chunk(first)
        try connection.withLock { connection throws(RuntimeAPIError) in
            var attempt = 0
            while true {
                let (socket, _) = try openConnection(&connection)
                do throws(SocketError) {
                    try socket.send(start)
                    connection.streamedSinceLook = first.count
                    return
                } catch {
                    connection.close()
                    try backOff(&attempt, after: error.description)
                }
            }
        }
    }

    /// Sends one chunk, unless a look (every `bytesBetweenLooks`) finds that the Runtime API has answered already:
    /// then its answer, and the stream is over.
    func sendChunk(_ bytes: [UInt8], requestID: String) throws(RuntimeAPIError) -> StreamStep {
        guard !bytes.isEmpty else { return .sent }
        return try connection.withLock { connection throws(RuntimeAPIError) -> StreamStep in
            guard let socket = connection.socket else { throw .streamInterrupted("the connection is closed") }
            if connection.streamedSinceLook >= Self.bytesBetweenLooks {
                connection.streamedSinceLook = 0
                if socket.hasInputWaiting { return .answered(try earlyAnswer(&connection, requestID: requestID)) }
            }
            connection.streamedSinceLook += bytes.count
            do throws(SocketError) {
                // A small chunk is copied into one send; a large one goes in three, held together by MSG_MORE.
                if bytes.count <= 64 * 1024 {
                    try socket.send(HTTPWriter.chunk(bytes))
                } else {
                    try socket.send(HTTPWriter.chunkPrefix(count: bytes.count), more: true)
                    try socket.send(bytes, more: true)
                    try socket.send([13, 10])
                }
                return .sent
            } catch {
                connection.close()
                throw .streamInterrupted(error.description)
            }
        }
    }

    /// Ends the stream, with `error` in the trailers when the response failed after its first byte, and reads the
    /// answer.
    func endStream(requestID: String, error: ErrorReport?) throws(RuntimeAPIError) -> PostOutcome {
        var trailers = HTTPHeaders()
        if let error {
            trailers.add(Self.errorTypeTrailer, error.type)
            trailers.add(Self.errorBodyTrailer, Data(error.json).base64EncodedString())
        }
        return try connection.withLock { connection throws(RuntimeAPIError) -> PostOutcome in
            // An answer that came early is read all the same: the Runtime API reads on to the end of the stream.
            try send(HTTPWriter.lastChunk(trailers: trailers), on: &connection)
            return try outcome(of: readAnswer(&connection), path: Self.responsePath(requestID))
        }
    }

    /// Reads an answer that came before the end of the stream, then ends the request: the last chunk keeps a
    /// keep-alive connection in step, and a connection the Runtime API closes is let go.
    private func earlyAnswer(_ connection: inout Connection, requestID: String) throws(RuntimeAPIError) -> PostOutcome {
        let response = try readAnswer(&connection)
        if !response.wantsClose { try send(HTTPWriter.lastChunk(), on: &connection) }
        return try outcome(of: response, path: Self.responsePath(requestID))
    }

    /// The Runtime API's answer to the stream; the connection is let go if it asks, or if the answer does not come.
    private func readAnswer(_ connection: inout Connection) throws(RuntimeAPIError) -> HTTPMessage {
        do throws(HTTPReader.Failure) {
            guard let response = try connection.reader?.readMessage() else { throw .parse(.truncated) }
            if response.wantsClose { connection.close() }
            return response
        } catch {
            connection.close()
            throw .streamInterrupted(error.description)
        }
    }

    private func send(_ bytes: [UInt8], on connection: inout Connection) throws(RuntimeAPIError) {
        do throws(SocketError) {
            guard let socket = connection.socket else { throw SocketError("send", code: EPIPE) }
            try socket.send(bytes)
        } catch {
            connection.close()
            throw .streamInterrupted(error.description)
        }
    }
}

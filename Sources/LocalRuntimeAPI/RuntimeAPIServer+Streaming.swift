import EventSourcingLoopbackHTTP
import Foundation

/// Streamed responses: `POST /runtime/invocation/{id}/response` with `Lambda-Runtime-Function-Response-Mode:
/// streaming` and a chunked body, read chunk by chunk as it arrives (each passed to the invoker's `onStream`).
///
/// - The first `maxStreamedResponseBytes` are taken; the chunk that goes past them fails the invocation
///   (`responseTooLarge`) and is answered 413 at once with `Connection: close`, so that a runtime still writing can
///   stop; the rest is read and dropped, then the connection closed.
/// - An error after the first byte arrives in the trailers: `Lambda-Runtime-Function-Error-Type`, and
///   `Lambda-Runtime-Function-Error-Body` base64-encoded. They count only if the request declared them in its
///   `Trailer` header; a body that is not base64 is left empty, as Lambda leaves it.
/// - Another response mode is refused with 400 and fails the invocation (`Runtime.InvalidResponseModeHeader`); a
///   stream that breaks off fails it too (`Runtime.TruncatedResponse`).
extension RuntimeAPIServer {
    static let errorTypeTrailer = "Lambda-Runtime-Function-Error-Type"
    static let errorBodyTrailer = "Lambda-Runtime-Function-Error-Body"

    /// The request id when `head` begins a response in a response mode of its own (streaming, or a mistake).
    func streamedResponseID(_ head: HTTPMessage) -> String? {
        guard head.method == "POST", head.headers["Lambda-Runtime-Function-Response-Mode"] != nil,
              let path = Self.invocationPath(head.target), path.kind == "response"
        else { return nil }
        return path.id
    }

    /// Reads the streamed response that `head` begins, as the type's comment says.
    func receiveStream(_ head: HTTPMessage, id: String, reader: HTTPReader, socket: TCPSocket) -> Outcome {
        if let injected = injectedStatus() { return drained(reader, then: .reply(injected, [:], [])) }
        var taken: PendingInvocation?
        let refusal = answer(id) { pending in
            taken = pending
            return Self.accepted
        }
        guard let pending = taken else { return drained(reader, then: Outcome(refusal)) }
        let mode = head.headers["Lambda-Runtime-Function-Response-Mode"] ?? ""
        guard mode == "streaming" else {
            let body = Self.errorBody("Runtime.InvalidResponseModeHeader", "unknown response mode \"\(mode)\"")
            pending.complete(.error(type: "Runtime.InvalidResponseModeHeader", body: body))
            return drained(reader, then: .reply(400, [:], body))
        }
        let contentType = head.headers["Content-Type"]
        pending.onStream?(.started(contentType: contentType))
        var chunks: [[UInt8]] = []
        var size = 0
        var refused = false
        let trailers: HTTPHeaders
        do {
            trailers = try reader.readBody { chunk in
                guard !refused else { return }
                size += chunk.count
                guard size <= configuration.maxStreamedResponseBytes else {
                    refused = true
                    let message = "the streamed response exceeds the limit of \(configuration.maxStreamedResponseBytes) bytes"
                    _ = try? socket.send(HTTPWriter.response(
                        status: 413, headers: ["Connection": "close"], body: Self.errorBody("RequestEntityTooLarge", message)))
                    // After the 413 has gone: whoever waits for the invocation may count on the runtime having it.
                    pending.complete(.responseTooLarge(size: size))
                    return
                }
                chunks.append(chunk)
                pending.onStream?(.chunk(chunk))
            }
        } catch {
            let body = Self.errorBody("Runtime.TruncatedResponse", "the streamed response broke off: \(error)")
            pending.complete(.error(type: "Runtime.TruncatedResponse", body: body))
            return .close
        }
        if refused { return .close }
        pending.complete(.streamed(StreamedResponse(
            contentType: contentType, chunks: chunks, failure: Self.failure(declaredIn: head, trailers: trailers))))
        return Outcome(Self.accepted)
    }

    /// Reads and drops the body `head` announced, then `outcome`; or closes the connection if the body breaks off.
    private func drained(_ reader: HTTPReader, then outcome: Outcome) -> Outcome {
        (try? reader.readBody { _ in }) == nil ? .close : outcome
    }

    /// The error in `trailers`, if the request declared the trailers that carry it.
    static func failure(declaredIn head: HTTPMessage, trailers: HTTPHeaders) -> StreamedResponse.Failure? {
        let declared = head.headers.filter { $0.name.caseInsensitiveEquals("Trailer") }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard declared.contains(errorTypeTrailer.lowercased()), let type = trailers[errorTypeTrailer], !type.isEmpty else {
            return nil
        }
        let encoded = declared.contains(errorBodyTrailer.lowercased()) ? trailers[errorBodyTrailer] : nil
        return StreamedResponse.Failure(type: type, body: encoded.flatMap { Data(base64Encoded: $0) }.map(Array.init) ?? [])
    }
}

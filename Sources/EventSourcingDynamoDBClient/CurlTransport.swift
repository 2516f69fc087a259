import EventSourcingCCurl
import EventSourcingLoopbackHTTP

/// HTTPS through libcurl called directly (`EventSourcingCCurl`): no URLSession, and so no Foundation or ICU in a
/// function's binary (README, "The DynamoDB client").
///
/// libcurl is not linked: the first request loads the system's `libcurl.so.4` with `dlopen`, so a process that talks
/// plain HTTP never maps it. If it cannot be loaded (or is older than 7.85.0), the request fails with
/// `HTTPTransportError.failed`, naming the library and the reason, and the next request tries again.
///
/// Each request blocks a thread of `BlockingWorkers.shared` in `curl_easy_perform`. Connections are kept alive in a pool of easy
/// handles; libcurl drops one whose peer closed it before using it again and, when a reused connection breaks before
/// any byte of the answer, sends the request again at once on a fresh one (the body is in memory, so it can).
public struct CurlTransport: HTTPTransport {
    /// The PEM file of the certificates a server's chain must end in; nil for the system's bundle.
    public let certificateAuthorities: String?

    /// A transport; every one shares the process's pool of connections. `certificateAuthorities` names a PEM file to
    /// trust instead of the system's bundle (a few roots parse in well under a millisecond; the whole bundle, about
    /// 140 certificates, took 19 ms of CPU at the first connection here).
    public init(certificateAuthorities: String? = nil) {
        self.certificateAuthorities = certificateAuthorities
    }

    /// The response to `request`, whatever its status, exchanged on a thread of `BlockingWorkers.shared`.
    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        guard let result = await BlockingWorkers.shared.run({ Self.exchange(request, certificateAuthorities: certificateAuthorities) }) else {
            throw .failed("no thread could be started for the request")
        }
        return try result.get()
    }

    private static func exchange(_ request: HTTPTransportRequest, certificateAuthorities: String?) -> Result<HTTPTransportResponse, HTTPTransportError> {
        var headers: [UInt8] = []
        var headerCount = 0
        for (name, value) in request.headers where !name.caseInsensitiveEquals("host") {
            headers += name.utf8
            headers += ": ".utf8
            headers += value.utf8
            headers.append(0)
            headerCount += 1
        }
        let milliseconds = max(1, Int(request.timeout / .milliseconds(1)))
        var result = es_curl_result()
        func post(_ caFile: UnsafePointer<CChar>?) {
            request.url.absoluteString.withCString { url in
                headers.withUnsafeBufferPointer { headerBytes in
                    request.body.withUnsafeBufferPointer { body in
                        headerBytes.withMemoryRebound(to: CChar.self) { headerText in
                            es_curl_post(url, headerText.baseAddress, headerCount, body.baseAddress, body.count, milliseconds, caFile, &result)
                        }
                    }
                }
            }
        }
        if let certificateAuthorities { certificateAuthorities.withCString(post) } else { post(nil) }
        defer { es_curl_result_free(&result) }
        switch result.outcome {
        case 0:
            let body = result.body.map { Array(UnsafeBufferPointer(start: $0, count: result.body_length)) } ?? []
            return .success(HTTPTransportResponse(status: result.status, body: body))
        case 1: return .failure(.timedOut)
        default:
            let reason = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return .failure(.failed(reason))
        }
    }
}

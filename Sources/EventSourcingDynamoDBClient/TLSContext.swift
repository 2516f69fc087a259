import EventSourcingCTLS

/// Client TLS settings on the system's OpenSSL 3 (`libssl.so.3`, loaded at the first use): TLS 1.2 or newer, and the
/// certificate chain a server must present, ending in one of the certificates of a PEM file or of the system's store.
final class TLSContext: Sendable {
    /// OpenSSL's `SSL_CTX`: immutable once made, and safe to make connections from on any thread.
    nonisolated(unsafe) let pointer: OpaquePointer

    /// A context trusting `certificateAuthorities` (a PEM file), or the system's store when nil; the reason when
    /// OpenSSL cannot be loaded or the file read.
    init(certificateAuthorities: String?) throws(HTTPTransportError) {
        var error = [CChar](repeating: 0, count: Self.errorCapacity)
        guard es_tls_load(&error, error.count) == 0 else { throw .failed(Self.text(error)) }
        let made: OpaquePointer? = certificateAuthorities.map { file in file.withCString { es_tls_context_new($0, &error, error.count) } }
            ?? es_tls_context_new(nil, &error, error.count)
        guard let made else { throw .failed(Self.text(error)) }
        pointer = made
    }

    deinit { es_tls_context_free(pointer) }

    /// The room the C functions get for the reason of a failure (they truncate a longer one).
    static var errorCapacity: Int { 512 }

    /// The NUL-terminated text in `buffer`.
    private static func text(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

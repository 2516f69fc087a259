/// One kind of event: a `Codable` payload that names itself once.
///
/// ```swift
/// public struct Deposited: EventPayload {
///     public static let eventType = "Deposited"
///     public var amount: Int64
/// }
/// ```
///
/// The name is stored with every event of the type and never derived from the Swift type's name, so renaming
/// the struct cannot orphan stored events. Bump `schemaVersion` when the payload's shape changes, and register an
/// upcaster from the previous version with the serializer.
public protocol EventPayload: Codable, Sendable {
    /// The stable name stored with each event of this type.
    static var eventType: String { get }
    /// The version of the payload's shape (1 unless it changed).
    static var schemaVersion: Int { get }
}

extension EventPayload {
    /// Payloads are at schema 1 until their shape changes.
    public static var schemaVersion: Int { 1 }
}

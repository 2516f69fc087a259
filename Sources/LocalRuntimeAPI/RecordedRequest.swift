/// One request the server received, for tests that check what happened when.
public struct RecordedRequest: Sendable, Equatable {
    /// `GET`, `POST`, …
    public var method: String
    /// The request target.
    public var target: String
    /// Which connection it came on: 1 for the first the server accepted, and so on.
    public var connection: Int
    /// When its head had arrived (the body of a streamed response arrives after), on the `DispatchTime` clock.
    public var receivedUptimeNanoseconds: UInt64
    /// When the server had all of it and had settled its answer, about to send it (for `/next`: when it had handed
    /// an event out), same clock.
    public var handledUptimeNanoseconds: UInt64
}

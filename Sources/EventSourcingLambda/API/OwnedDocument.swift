/// A read-model document that belongs to someone: the API shows it only to its owner.
public protocol OwnedDocument: Sendable {
    /// Who may read it.
    var owner: String { get }
}

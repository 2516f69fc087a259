/// A few object keys, for `JSONScanner.nextKey(in:)` to recognise a member by, without building its key as a `String`.
///
/// ```swift
/// static let keys = JSONKeys(["rawPath", "body"])
/// while let index = try scanner.nextKey(in: keys) {
///     switch index {
///     case 0: path = try scanner.string()
///     case 1: body = try scanner.string()
///     default: try scanner.skipValue()  // keys.count: none of them
///     }
/// }
/// ```
public struct JSONKeys: Sendable {
    /// The keys, in the order given: `nextKey(in:)` answers with an index into them.
    public let names: [String]
    private let bytes: [[UInt8]]

    /// The keys `names`, each given once. A key matches a member whose key has the same UTF-8 once unescaped: bytes
    /// compared, not Unicode equivalence (`"\u212A"`, the Kelvin sign, is not `"K"`), as JSON means keys.
    public init(_ names: [String]) {
        precondition(Set(names).count == names.count, "JSONKeys names a key twice: \(names)")
        self.names = names
        self.bytes = names.map { Array($0.utf8) }
    }

    /// The number of keys; what `nextKey(in:)` answers for a key that is none of them.
    public var count: Int { names.count }

    /// The index of the key whose UTF-8 is `key`, or `count`.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int {
        for (index, name) in bytes.enumerated() where name.count == key.count {
            if name.withUnsafeBufferPointer({ memoryEquals($0, key) }) { return index }
        }
        return count
    }

    private func memoryEquals(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 0..<lhs.count where lhs[offset] != rhs[offset] { return false }
        return true
    }
}

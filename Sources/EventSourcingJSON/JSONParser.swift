/// Parses JSON text (RFC 8259) strictly, in one pass over the bytes.
///
/// Refused, each with a `JSONError` naming the reason and the offset: anything but exactly one value surrounded by
/// whitespace; an object naming a key twice; invalid UTF-8 (also inside strings); unescaped control characters;
/// lone surrogates in `\u` escapes; numbers outside JSON's grammar (`01`, `1.`, `+1`, `NaN`); nesting deeper than
/// `maxDepth`. Numbers keep their text.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted (a guard against stack exhaustion).
    public var maxDepth: Int

    /// A parser that accepts nesting up to `maxDepth` levels.
    public init(maxDepth: Int = 128) {
        self.maxDepth = maxDepth
    }

    /// The value `bytes` hold.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSON {
        try JSONScanner.scan(bytes, maxDepth: maxDepth) { (scanner) throws(JSONError) in try scanner.value() }
    }

    /// The value an array's bytes hold, with no generic collection in between.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSON {
        try JSONScanner.scan(bytes, maxDepth: maxDepth) { (scanner) throws(JSONError) in try scanner.value() }
    }
}

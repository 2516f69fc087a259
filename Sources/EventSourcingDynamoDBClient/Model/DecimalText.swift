/// Checks and compares numbers written as decimal text, as DynamoDB sends them, without converting them.
public enum DecimalText {
    /// True for `-12`, `3.5`, `1E+3`, `.5`: an optional sign, digits with at most one point, an optional exponent.
    public static func isValid(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var digits = 0, points = 0
        while let byte = bytes.first, byte != UInt8(ascii: "e") && byte != UInt8(ascii: "E") {
            if byte == UInt8(ascii: ".") { points += 1 } else if (48...57).contains(byte) { digits += 1 } else { return false }
            bytes = bytes.dropFirst()
        }
        guard digits > 0, points <= 1 else { return false }
        guard !bytes.isEmpty else { return true }
        bytes = bytes.dropFirst()
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { (48...57).contains($0) }
    }

    /// Orders two non-negative integers written in decimal of any length (stream sequence numbers exceed 64 bits).
    public static func compareUnsignedIntegers(_ lhs: String, _ rhs: String) -> Bool {
        let a = lhs.drop { $0 == "0" }, b = rhs.drop { $0 == "0" }
        return a.count != b.count ? a.count < b.count : a < b
    }
}

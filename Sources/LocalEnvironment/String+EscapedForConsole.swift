extension String {
    /// The string with every character a terminal would obey rather than show written as an escape: C0 controls
    /// but the tab, DEL and C1 controls as `\x1b` or `\u{9B}`; line and paragraph separators and the bidirectional
    /// controls, which can make a line read other than it is, as `\u{202E}`. Text from outside (a request, a child's
    /// output, a peer's error) passes through it on its way to the console, so that it cannot colour, move, clear or
    /// rewrite what is there. A backslash stays as it is, so that JSON logs stay readable.
    public var escapedForConsole: String {
        guard unicodeScalars.contains(where: \.isObeyedByTerminals) else { return self }
        var escaped = ""
        escaped.reserveCapacity(utf8.count + 16)
        for scalar in unicodeScalars {
            if !scalar.isObeyedByTerminals {
                escaped.unicodeScalars.append(scalar)
            } else if scalar.value < 0x80 {
                escaped += scalar.value < 0x10 ? "\\x0" : "\\x"
                escaped += String(scalar.value, radix: 16)
            } else {
                escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return escaped
    }
}

extension Unicode.Scalar {
    fileprivate var isObeyedByTerminals: Bool {
        switch value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true  // C0 controls, DEL, C1 controls
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks, embeddings, overrides, isolates
        default: false
        }
    }
}

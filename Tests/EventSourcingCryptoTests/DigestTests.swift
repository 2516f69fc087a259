import EventSourcingCrypto
import Testing

@Suite("SHA-256 and HMAC-SHA256 against published vectors")
struct DigestTests {
    @Test("SHA-256 matches the NIST examples", arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func sha256(message: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(message.utf8)) == digest)
    }

    @Test("SHA-256 of one million 'a', fed in uneven pieces, matches NIST")
    func millionA() {
        var hasher = SHA256()
        var fed = 0
        var piece = 1
        while fed < 1_000_000 {
            let count = min(piece, 1_000_000 - fed)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
            fed += count
            piece = piece % 97 + 13
        }
        #expect(Hex.encode(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("finalize leaves the hasher as it was: asked twice it answers the same, and more input is hashed on top")
    func finalizeTwice() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        #expect(hasher.finalize() == hasher.finalize())
        #expect(Hex.encode(hasher.finalize()) == Hex.encode(SHA256.hash(Array("ab".utf8))))
        hasher.update(Array("c".utf8))
        #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")  // "abc", NIST
    }

    @Test(
        "the CPU's SHA instructions and the Swift rounds give the same digests for every length and feeding",
        .enabled(if: SHA256.hardwareAvailable, "this CPU has no SHA instructions: SHA256 uses the Swift rounds alone")
    )
    func hardwareAndPortableAgree() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...200) + [255, 256, 257, 1_000, 4_096, 10_007] {
            let message = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            var hardware = SHA256()
            var portable = SHA256(portable: ())
            var fed = 0
            while fed < length {
                let piece = min(Int.random(in: 1...150, using: &generator), length - fed)
                hardware.update(message[fed..<fed + piece])
                portable.update(message[fed..<fed + piece])
                fed += piece
            }
            #expect(hardware.finalize() == portable.finalize(), "length \(length)")
            #expect(hardware.finalize() == SHA256.hash(message), "length \(length)")
        }
    }

    @Test("the Swift rounds alone match the NIST examples")
    func portableMatchesNIST() {
        var hasher = SHA256(portable: ())
        hasher.update(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        #expect(Hex.encode(hasher.finalize()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("HMAC-SHA256 matches RFC 4231", arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmac(key: [UInt8], message: [UInt8], mac: String) {
        #expect(Hex.encode(HMACSHA256.authenticate(message, key: key)) == mac)
    }

    @Test("HMAC-SHA256 truncated to 128 bits matches RFC 4231 case 5")
    func truncated() {
        let mac = HMACSHA256.authenticate(Array("Test With Truncation".utf8), key: [UInt8](repeating: 0x0c, count: 20))
        #expect(Hex.encode(Array(mac.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }
}

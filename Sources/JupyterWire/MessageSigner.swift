import Crypto
import Foundation

/// HMAC-SHA256 over the four dict frames (header, parent header, metadata, content), the
/// signature scheme of every Jupyter connection file. An empty key turns signing off.
public struct MessageSigner: Sendable {
    // Kept as bytes: `SymmetricKey` is not `Sendable`, and making one per message is cheap.
    private let keyBytes: Data?

    public init(key: String) {
        keyBytes = key.isEmpty ? nil : Data(key.utf8)
    }

    public var isEnabled: Bool { keyBytes != nil }

    private var key: SymmetricKey? { keyBytes.map { SymmetricKey(data: $0) } }

    /// The lowercase hex signature of the four frames, or "" when signing is off.
    public func signature(_ frames: [Data]) -> String {
        guard let key else { return "" }
        return Self.hex(mac(frames, key: key))
    }

    /// Whether `signature` (hex, as received) signs `frames`; compared in constant time.
    public func verify(_ signature: Data, frames: [Data]) -> Bool {
        guard let key else { return true }
        guard let received = Self.bytes(fromHex: signature) else { return false }
        // `HashedAuthenticationCode ==` compares without early exit.
        return mac(frames, key: key) == received
    }

    private func mac(_ frames: [Data], key: SymmetricKey) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: key)
        for frame in frames { hmac.update(data: frame) }
        return hmac.finalize()
    }

    static func hex(_ mac: HashedAuthenticationCode<SHA256>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in mac {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(fromHex hex: Data) -> Data? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes = Data(capacity: hex.count / 2)
        var high: UInt8?
        for character in hex {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}

import Crypto
import Foundation

/// The kernel's CurveZMQ key pair, as a connection file carries it: `curve_publickey` and
/// `curve_secretkey`, each a 40-character Z85 string (32 bytes), the fields jupyter_client
/// writes when it provisions transport encryption. When present, every socket the kernel
/// binds is a CURVE server: clients must know the public key, and all traffic is encrypted.
public struct CurveKeyPair: Sendable, Hashable {
    /// The server's public key, Z85 (what clients set as their `curve_serverkey`).
    public let publicKey: String
    /// The server's secret key, Z85 (what the kernel sets as `ZMQ_CURVE_SECRETKEY`).
    public let secretKey: String

    /// Checks that both keys are well-formed Z85 and that the public key belongs to the secret key.
    public init(publicKey: String, secretKey: String) throws(WireError) {
        guard let publicBytes = Z85.decode(publicKey), publicBytes.count == 32 else {
            throw .badConnectionFile("curve_publickey is not a 40-character Z85 key")
        }
        guard let secretBytes = Z85.decode(secretKey), secretBytes.count == 32 else {
            throw .badConnectionFile("curve_secretkey is not a 40-character Z85 key")
        }
        // CurveZMQ keys are X25519 keys: a mismatched pair would bind sockets no client
        // holding the published key could ever reach, so refuse it at start instead.
        let derived: Data
        do {
            derived = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: secretBytes).publicKey.rawRepresentation
        } catch {
            throw .badConnectionFile("curve_secretkey is not a valid Curve25519 secret key")
        }
        guard derived == publicBytes else {
            throw .badConnectionFile("curve_publickey does not belong to curve_secretkey")
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}

/// ZeroMQ's Z85 encoding (ZMQ RFC 32): four bytes as five printable characters. Decoding is
/// written here because the key check belongs with the connection file, before any socket exists.
enum Z85 {
    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    private static let values: [UInt8: UInt32] = {
        var table = [UInt8: UInt32]()
        for (index, character) in alphabet.enumerated() { table[character] = UInt32(index) }
        return table
    }()

    /// The bytes a Z85 string encodes, or nil if its length is not a multiple of 5, it holds a
    /// character outside the alphabet, or a group overflows 32 bits.
    static func decode(_ text: String) -> Data? {
        let characters = Array(text.utf8)
        guard characters.count % 5 == 0 else { return nil }
        var bytes = Data(capacity: characters.count / 5 * 4)
        var index = 0
        while index < characters.count {
            var value: UInt64 = 0
            for character in characters[index..<index + 5] {
                guard let digit = values[character] else { return nil }
                value = value * 85 + UInt64(digit)
            }
            guard value <= UInt64(UInt32.max) else { return nil }
            bytes.append(contentsOf: [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff),
                                      UInt8(value >> 8 & 0xff), UInt8(value & 0xff)])
            index += 5
        }
        return bytes
    }
}

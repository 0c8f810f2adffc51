import Foundation

/// SHA-256 (FIPS 180-4), for the content hash of imported files in the import log: the same
/// digest `sha256sum` prints, so a user can tell which version of a file was imported.
/// (Foundation on Linux has no CryptoKit, and one hash is not worth a dependency.)
struct SHA256 {
    private var state: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Adds `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length += UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending += bytes[0..<take]
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        while offset + 64 <= bytes.count {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 64]))
            offset += 64
        }
        pending += bytes[offset...]
    }

    /// The digest in lower-case hex.
    mutating func finish() -> String {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        let savedLength = length
        tail.withUnsafeBytes { update($0) }
        length = savedLength
        return state.map { String(format: "%08x", $0) }.joined()
    }

    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            SHA256.k.withUnsafeBufferPointer { k in
                state.withUnsafeMutableBufferPointer { state in
                    var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
                    for i in 0..<64 {
                        let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                        let t1 = h &+ s1 &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                        let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                        let t2 = s0 &+ ((a & b) ^ (a & c) ^ (b & c))
                        h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                    }
                    state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
                    state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
                }
            }
        }
    }

    /// The digest of the file at `path`, read in 1 MiB pieces, and its size in bytes.
    /// - Parameter stop: asked before each piece; `true` ends the reading with ``CancellationError``.
    static func digest(ofFile path: String, stop: () -> Bool = { false }) throws -> (hex: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(file: path, message: "cannot read the file to hash it")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        var total = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if stop() { throw CancellationError() }
            chunk.withUnsafeBytes { hash.update($0) }
            total += chunk.count
        }
        return (hash.finish(), total)
    }
}

private extension UInt32 {
    func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}

/// The SHA-256 of several files, computed on a background thread while an import reads them
/// (hashing is a second read of each file, which would otherwise lengthen a large import:
/// BENCHMARKS.md has the times; the writer thread, which bounds an import, does not wait for it
/// until the end of each file).
final class BackgroundDigests: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [String: Result<(hex: String, bytes: Int), any Error>] = [:]
    private var cancelled = false

    /// Starts hashing `paths` (each once), in order.
    init(_ paths: [String]) {
        var seen = Set<String>()
        let unique = paths.filter { seen.insert($0).inserted }
        Thread { [self] in
            for path in unique {
                let result = Result { try SHA256.digest(ofFile: path) { isCancelled } }
                condition.lock()
                results[path] = result
                condition.broadcast()
                condition.unlock()
            }
        }.start()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Stops the hashing (an import that failed needs no more digests).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    /// The digest and size of `path` (one of the paths given), once computed.
    func digest(of path: String) throws -> (hex: String, bytes: Int) {
        condition.lock()
        defer { condition.unlock() }
        while results[path] == nil { condition.wait() }
        return try results[path]!.get()
    }
}

import Foundation
import Tiergraph

/// One scratch folder per fuzzing process, for the input files and databases of each run.
public enum FuzzScratch {
    /// The folder (created on first use, under the temporary folder, named by the process id).
    public static let folder: String = {
        let path = NSTemporaryDirectory() + "/tiergraph-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to the file `name` in the folder and returns its path.
    public static func write(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes))
        return path
    }

    /// A new, empty database named `name` in the folder (any earlier one removed).
    public static func freshStore(_ name: String) -> GraphStore {
        let path = folder + "/" + name
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        do { return try GraphStore(path: path, create: true) } catch { fuzzFailure("cannot create \(path): \(error)") }
    }

    /// A long-lived database for dry-run imports (a dry run rolls back, so it stays empty).
    nonisolated(unsafe) public static let dryRunStore: GraphStore = freshStore("dry-run.db")

    /// Imports `bytes` as a file with extension `fileExtension` in a dry run: any error is
    /// fine (it is the reader's answer); a crash, a hang or a sanitizer report is a finding.
    public static func dryRunImport(_ data: UnsafePointer<UInt8>, _ size: Int, fileExtension: String) {
        let path = write("input." + fileExtension, UnsafeBufferPointer(start: data, count: size))
        _ = try? dryRunStore.importTables([ImportTable(path: path)], dryRun: true)
    }
}

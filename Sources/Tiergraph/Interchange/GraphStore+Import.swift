import Foundation

/// One file of an import and how to read it (a table of a dataset, with its own mapping).
public struct ImportTable: Sendable {
    /// A `.csv`/`.tsv` table or a whole-graph file (`.json`, `.graphml`, `.dot`, `.gv`).
    public var path: String
    /// How to read it.
    public var options: ImportOptions
    /// What the import log names it, when not its path (`request body` for a file the viewer received).
    public var loggedAs: String?

    public init(path: String, options: ImportOptions = ImportOptions(), loggedAs: String? = nil) {
        self.path = path
        self.options = options
        self.loggedAs = loggedAs
    }
}

extension GraphStore {
    /// Imports CSV/TSV, node-link JSON, GraphML and DOT files, and folders of them, in one transaction.
    ///
    /// Each CSV file's header tells what it holds (see README, "CSV columns"); whatever the
    /// order given, kinds are read first, then sources, nodes, JSON graphs, edges and citations.
    /// On any error nothing is written and an ``ImportError`` names the file, line and column.
    ///
    /// - Parameters:
    ///   - paths: files (`.csv`, `.tsv`, `.json`) and folders (searched recursively for those).
    ///   - progress: called now and then with the bytes read and the total bytes to read.
    public func importFiles(
        _ paths: [String], options: ImportOptions = ImportOptions(),
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws -> ImportReport {
        let tables = try GraphStore.expand(paths).map { ImportTable(path: $0, options: options) }
        return try importTables(tables, dryRun: options.dryRun, replace: options.replace, progress: progress)
    }

    /// Imports `tables`, each read with its own options, in one transaction (see
    /// ``importFiles(_:options:progress:)`` for the order), and logs each in the import log
    /// (``imports()``): file, content hash, mapping, counts and time.
    ///
    /// - Parameters:
    ///   - dryRun: validate everything, then roll back.
    ///   - replace: first remove the edges that earlier imports of the same files wrote
    ///     (``ImportOptions/replace``).
    public func importTables(
        _ tables: [ImportTable], dryRun: Bool = false, replace: Bool = false,
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws -> ImportReport {
        var csvTables: [(table: CSVTable, options: ImportOptions)] = []
        let names = Dictionary(tables.compactMap { table in table.loggedAs.map { (table.path, $0) } }) { first, _ in first }
        var wholeFiles: [ImportTable] = []  // whole-graph files: node-link JSON, GraphML and DOT
        for table in tables {
            try InputFile.check(table.path)
            let fileExtension = (table.path as NSString).pathExtension.lowercased()
            if ["json", "dot", "gv", "graphml"].contains(fileExtension) {
                wholeFiles.append(table)
            } else {
                csvTables.append((try CSVTable(path: table.path, options: table.options), table.options))
            }
        }
        // A stable sort keeps the given order within each role.
        let ordered = csvTables.enumerated().sorted { ($0.element.table.role, $0.offset) < ($1.element.table.role, $1.offset) }.map(\.element)
        let totalBytes = tables.reduce(0) { $0 + GraphStore.fileSize($1.path) }
        let startedAt = ISO8601DateFormatter().string(from: Date())
        var report = ImportReport()
        report.dryRun = dryRun
        var doneBytes = 0
        // Hashed in the order they are read, so that each digest is ready about when its file is done.
        let readOrder = ordered.filter { $0.table.role < .edges }.map(\.table.path) + wholeFiles.map(\.path)
            + ordered.filter { $0.table.role >= .edges }.map(\.table.path)
        let digests = BackgroundDigests(readOrder)
        defer { digests.cancel() }
        try write(dryRun: dryRun, bulk: true, inputBytes: totalBytes) { writer in
            writer.recordsEdges = true
            var declared: [String: Flow] = [:]
            for table in tables { declared.merge(table.options.flows) { first, _ in first } }
            for (name, flow) in declared.sorted(by: { $0.key < $1.key }) {
                if writer.flow(ofKind: name) == nil { report.kinds += 1 }
                do { try writer.define(EdgeKind(name: name, flow: flow, description: "declared by an import (--flow)")) } catch {
                    throw ImportError(file: tables.first(where: { $0.options.flows[name] != nil })?.path ?? "", message: "--flow \(name)=\(flow.rawValue): \(error)")
                }
            }
            var replaced: [String: Int] = [:]
            if replace {
                for path in Set(tables.map { $0.loggedAs ?? GraphStore.logPath($0.path) }).sorted() {
                    replaced[path] = try removeEdges(importedFrom: path)
                }
                report.replaced = replaced.values.reduce(0, +)
            }
            for (table, options) in ordered where table.role < .edges {
                try importTable(table, options)
            }
            for file in wholeFiles {
                try logged(file.path, file.options, as: file.loggedAs) {
                    switch (file.path as NSString).pathExtension.lowercased() {
                    case "json": try NodeLinkImporter(path: file.path, options: file.options, writer: writer).run(report: &report)
                    case "graphml": try GraphMLImporter(path: file.path, options: file.options, writer: writer).run(report: &report)
                    default: try DOTImporter(path: file.path, options: file.options, writer: writer).run(report: &report)
                    }
                }
                doneBytes += GraphStore.fileSize(file.path)
                progress?(doneBytes, totalBytes)
            }
            for (table, options) in ordered where table.role >= .edges {
                try importTable(table, options)
            }
            func importTable(_ table: CSVTable, _ options: ImportOptions) throws {
                try logged(table.path, options, as: names[table.path]) {
                    try CSVImporter(table: table, options: options, writer: writer).run(report: &report) { bytes in
                        progress?(doneBytes + bytes, totalBytes)
                    }
                }
                doneBytes += table.reader.bytesRead
            }
            /// Runs `body`, the import of the file at `path`, and logs what it did (under `name`, if given).
            func logged(_ path: String, _ options: ImportOptions, as name: String?, _ body: () throws -> Void) throws {
                let before = report, namedBefore = writer.sourcesNamedByCitations, defaultedBefore = writer.kindsDefinedByDefault
                report.files.append(path)
                writer.unknownKindsFlow = options.unknownKindsFlow
                writer.kindChangePolicy = options.kindChange
                writer.inputFile = path
                try body()
                let (hash, bytes) = try digests.digest(of: path)
                let logPath = name ?? GraphStore.logPath(path)
                try log(ImportRecord(
                    id: 0, file: name ?? path, path: logPath, sha256: hash, bytes: bytes, mapping: options.mappingJSON,
                    nodes: report.nodes - before.nodes, edges: report.edges - before.edges,
                    sources: report.sources - before.sources + writer.sourcesNamedByCitations - namedBefore,
                    kinds: report.kinds - before.kinds + writer.kindsDefinedByDefault - defaultedBefore,
                    merged: report.merged - before.merged, skipped: report.skipped.count - before.skipped.count,
                    filtered: report.filtered - before.filtered, replaced: replaced.removeValue(forKey: logPath) ?? 0,
                    importedAt: startedAt), edges: writer.takeWrittenEdges())
            }
            report.kinds += writer.kindsDefinedByDefault
            report.sources += writer.sourcesNamedByCitations
            report.kindChanges = writer.kindChanges
        }
        return report
    }

    /// The importable files among `paths`, folders expanded recursively and sorted. Names
    /// starting with a dot are left out, and so are the files and folders that a folder's
    /// `.tiergraphignore` lists (one path relative to the folder per line; `#` starts a comment):
    /// notes and ledgers can live beside the data.
    public static func expand(_ paths: [String]) throws -> [String] {
        let importable: Set<String> = ["csv", "tsv", "json", "graphml", "dot", "gv"]
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ImportError(file: path, message: "no such file or folder")
            }
            if isDirectory.boolValue {
                // Listed through its real path: the enumerator does not descend into a link to a folder.
                let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard let enumerator = FileManager.default.enumerator(atPath: real) else {
                    throw ImportError(file: path, message: "cannot list the folder")
                }
                let ignoreFile = (path as NSString).appendingPathComponent(".tiergraphignore")
                let ignored = Set(((try? String(contentsOfFile: ignoreFile, encoding: .utf8)) ?? "")
                    .split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
                let found = enumerator.compactMap { $0 as? String }
                    .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .filter { file in !ignored.contains { file == $0 || file.hasPrefix($0 + "/") } }
                    .filter { importable.contains(($0 as NSString).pathExtension.lowercased()) }
                    .sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
                if found.isEmpty {
                    throw ImportError(file: path, message: "the folder holds no .csv, .tsv, .json, .graphml or .dot files")
                }
                files += found
            } else {
                guard importable.contains((path as NSString).pathExtension.lowercased()) else {
                    throw ImportError(file: path, message: "unsupported file type: Tiergraph imports .csv, .tsv, node-link .json, .graphml and .dot/.gv")
                }
                files.append(path)
            }
        }
        // Devices, FIFOs and sockets could block or never end: refused before anything reads them.
        for file in files { try InputFile.check(file) }
        return files
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

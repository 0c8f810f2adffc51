import Foundation

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
        let files = try GraphStore.expand(paths)
        var tables: [CSVTable] = []
        var jsonFiles: [String] = []  // whole-graph files: node-link JSON, GraphML and DOT
        for file in files {
            let fileExtension = (file as NSString).pathExtension.lowercased()
            if ["json", "dot", "gv", "graphml"].contains(fileExtension) {
                jsonFiles.append(file)
            } else {
                tables.append(try CSVTable(path: file, options: options))
            }
        }
        // A stable sort keeps the given order within each role.
        let ordered = tables.enumerated().sorted { ($0.element.role, $0.offset) < ($1.element.role, $1.offset) }.map(\.element)
        let totalBytes = files.reduce(0) { $0 + GraphStore.fileSize($1) }
        var report = ImportReport()
        report.dryRun = options.dryRun
        var doneBytes = 0
        try write(dryRun: options.dryRun, bulk: true) { writer in
            for table in ordered where table.role < .edges {
                try importTable(table)
            }
            for file in jsonFiles {
                report.files.append(file)
                switch (file as NSString).pathExtension.lowercased() {
                case "json": try NodeLinkImporter(path: file, options: options, writer: writer).run(report: &report)
                case "graphml": try GraphMLImporter(path: file, options: options, writer: writer).run(report: &report)
                default: try DOTImporter(path: file, options: options, writer: writer).run(report: &report)
                }
                doneBytes += GraphStore.fileSize(file)
                progress?(doneBytes, totalBytes)
            }
            for table in ordered where table.role >= .edges {
                try importTable(table)
            }
            func importTable(_ table: CSVTable) throws {
                report.files.append(table.path)
                try CSVImporter(table: table, options: options, writer: writer).run(report: &report) { bytes in
                    progress?(doneBytes + bytes, totalBytes)
                }
                doneBytes += table.reader.bytesRead
            }
            report.sources += writer.sourcesNamedByCitations
        }
        return report
    }

    /// The importable files among `paths`, folders expanded recursively and sorted. Names
    /// starting with a dot are left out, and so are the files and folders that a folder's
    /// `.tiergraphignore` lists (one path relative to the folder per line; `#` starts a comment):
    /// notes and ledgers can live beside the data.
    static func expand(_ paths: [String]) throws -> [String] {
        let importable: Set<String> = ["csv", "tsv", "json", "graphml", "dot", "gv"]
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ImportError(file: path, message: "no such file or folder")
            }
            if isDirectory.boolValue {
                guard let enumerator = FileManager.default.enumerator(atPath: path) else {
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

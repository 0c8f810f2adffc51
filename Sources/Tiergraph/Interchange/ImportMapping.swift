import Foundation

/// A mapping file: how to read each table of a dataset, saved so that
/// `tiergraph import --mapping dataset.json data/` is repeatable (README, "Bringing in your data").
///
/// JSON, read by the strict parser of the node-link importer, so that every message names the
/// file, line and column: a syntax error, a key repeated in one object, an unknown key (with
/// the valid keys), a value of the wrong type. The top level holds defaults for every table
/// and `tables`, a list of tables, each with its `file` and what differs for it:
///
/// ```json
/// {"flows": {"provides": "with"}, "merge_repeated_ids": true,
///  "tables": [{"file": "provision.csv", "share_scale": 100,
///              "columns": {"edge.source": "provider_id", "edge.target": "input_id"}}]}
/// ```
public struct ImportMapping: Sendable {
    /// One table of the dataset and how to read it.
    public struct Table: Sendable {
        /// The file, relative to the folder given to the import (or to the mapping file's folder).
        public var file: String
        /// How to read it: the mapping's defaults with the table's own keys applied.
        public var options: ImportOptions
        /// Where the table is named in the mapping file (for messages).
        var line: Int
    }

    /// The mapping file.
    public let path: String
    /// The options of files given to the import that no table names.
    public var defaults: ImportOptions
    /// The tables, in the order they are listed (a file may be listed twice, with row filters).
    public var tables: [Table]
    /// The report of skipped rows (`skip_bad_rows`), relative to the mapping file's folder.
    public var skippedRowsReport: String?

    /// The keys a table may have.
    public static let tableKeys = [
        "file", "description", "columns", "default_node_kind", "default_edge_kind", "list_separator", "flows",
        "unknown_kinds_flow", "share_scale", "map", "rows_where", "merge_repeated_ids", "kind_change",
    ]
    /// The keys of the top level: a table's (but `file`), and `tables`, `skip_bad_rows`, `replace`.
    public static let topLevelKeys = tableKeys.filter { $0 != "file" } + ["tables", "skip_bad_rows", "replace"]

    /// Reads the mapping file at `path`; its top level applies on top of `base` (the command
    /// line's options), and each table's keys on top of that.
    /// - Throws: ``ImportError`` naming the mapping file, line and column.
    public init(path: String, base: ImportOptions = ImportOptions()) throws {
        self.path = path
        let data = try InputFile.readWhole(path)
        let parsed = try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> (value: JSONValue, keyOffsets: [String: Int]) in
            do {
                return try JSONReader.parseRecordingKeys(bytes)
            } catch let error as JSONSyntaxError {
                let (line, column) = InputFile.position(of: error.offset, in: bytes)
                throw ImportError(file: path, line: line, column: column, message: "not valid JSON: \(error.message)")
            }
        }
        let reader = MappingReader(path: path, data: data, keyOffsets: parsed.keyOffsets)
        guard case .object(let top) = parsed.value else {
            throw ImportError(file: path, line: 1, message: "a mapping file is a JSON object with the keys \(ImportMapping.topLevelKeys.joined(separator: ", "))")
        }
        var defaults = base
        try reader.apply(top, at: "", keys: ImportMapping.topLevelKeys, to: &defaults)
        if case .bool(let replace)? = top["replace"] { defaults.replace = defaults.replace || replace }
        if let report = top["skip_bad_rows"] {
            let name = try reader.string(report, at: "skip_bad_rows")
            let folder = (path as NSString).deletingLastPathComponent
            skippedRowsReport = name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
            defaults.skipBadRows = true
        }
        self.defaults = defaults
        var tables: [Table] = []
        if let list = top["tables"] {
            guard case .array(let elements) = list else { throw reader.fail(at: "tables", "'tables' is a list of tables, each an object with a 'file'") }
            for (index, element) in elements.enumerated() {
                let at = "tables.\(index)"
                guard case .object(let table) = element else { throw reader.fail(at: "tables", "table \(index + 1) is not an object with a 'file'") }
                guard let file = table["file"] else { throw reader.fail(at: "tables", "table \(index + 1) has no 'file'") }
                var options = defaults
                try reader.apply(table, at: at, keys: ImportMapping.tableKeys, to: &options)
                tables.append(Table(file: try reader.string(file, at: at + ".file"), options: options, line: reader.line(of: at + ".file")))
            }
        }
        self.tables = tables
    }

    /// The tables to import for `paths`: each table of the mapping, found in the folders among
    /// `paths` (or, with none, in the mapping file's folder), and each file among `paths` with
    /// the options of the table that names it, or with the defaults.
    /// - Throws: ``ImportError`` if a table's file is in none of the folders.
    public func importTables(for paths: [String]) throws -> [ImportTable] {
        var folders: [String] = []
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ImportError(file: path, message: "no such file or folder")
            }
            if isDirectory.boolValue { folders.append(path) } else { files.append(path) }
        }
        if paths.isEmpty {
            let folder = (path as NSString).deletingLastPathComponent
            folders = [folder.isEmpty ? "." : folder]
        }
        var result: [ImportTable] = []
        for table in tables where !folders.isEmpty {
            let candidates = folders.map { ($0 as NSString).appendingPathComponent(table.file) }
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw ImportError(
                    file: path, line: table.line,
                    message: "table file '\(table.file)' is not in \(folders.map { "'\($0)'" }.joined(separator: ", "))")
            }
            result.append(ImportTable(path: found, options: table.options))
        }
        for file in files {
            let absolute = GraphStore.logPath(file)
            let named = tables.filter { absolute.hasSuffix("/" + ($0.file.hasPrefix("./") ? String($0.file.dropFirst(2)) : $0.file)) }
            result += named.isEmpty ? [ImportTable(path: file, options: defaults)] : named.map { ImportTable(path: file, options: $0.options) }
        }
        return result
    }
}

/// Reads the keys of a mapping file's objects into ``ImportOptions``, failing with the line
/// and column of the key at fault.
private struct MappingReader {
    let path: String
    let data: Data
    let keyOffsets: [String: Int]

    func line(of keyPath: String) -> Int { position(of: keyPath).line ?? 0 }

    private func position(of keyPath: String) -> (line: Int?, column: Int?) {
        guard let offset = keyOffsets[keyPath] else { return (nil, nil) }
        let (line, column) = data.withUnsafeBytes { InputFile.position(of: offset, in: $0) }
        return (line, column)
    }

    func fail(at keyPath: String, _ message: String) -> ImportError {
        let (line, column) = position(of: keyPath)
        return ImportError(file: path, line: line, column: column, message: message)
    }

    func string(_ value: JSONValue, at keyPath: String) throws -> String {
        guard case .string(let text) = value else { throw fail(at: keyPath, "'\(keyPath.split(separator: ".").last ?? "")' takes a string") }
        return text
    }

    private func object(_ value: JSONValue, at keyPath: String) throws -> [String: JSONValue] {
        guard case .object(let members) = value else { throw fail(at: keyPath, "'\(keyPath.split(separator: ".").last ?? "")' takes an object") }
        return members
    }

    private func field(_ name: String, at keyPath: String) throws -> Field {
        guard let field = Field(name: name) else {
            throw fail(at: keyPath, "unknown field '\(name)'; the fields are: \(Field.allCases.map(\.name).joined(separator: ", "))")
        }
        return field
    }

    private func flow(_ value: JSONValue, at keyPath: String) throws -> Flow {
        do { return try Flow(parsing: try string(value, at: keyPath)) } catch let error as ValueError { throw fail(at: keyPath, error.message) }
    }

    /// Applies the keys of `object` (at `at`, `""` for the top level) to `options`.
    func apply(_ object: [String: JSONValue], at: String, keys: [String], to options: inout ImportOptions) throws {
        let prefix = at.isEmpty ? "" : at + "."
        for key in object.keys.sorted() {
            let value = object[key]!, here = prefix + key
            guard keys.contains(key) else {
                throw fail(at: here, "unknown key '\(key)'; the valid keys \(at.isEmpty ? "at the top level" : "of a table") are: \(keys.joined(separator: ", "))")
            }
            switch key {
            case "columns":
                for (name, column) in try self.object(value, at: here) {
                    options.columns[try field(name, at: here + "." + name)] = try string(column, at: here + "." + name)
                }
            case "default_node_kind": options.defaultNodeKind = try string(value, at: here)
            case "default_edge_kind": options.defaultEdgeKind = try string(value, at: here)
            case "list_separator":
                let text = try string(value, at: here)
                guard text.count == 1, let character = text.first else { throw fail(at: here, "'list_separator' is one character, such as \";\"") }
                options.listSeparator = character
            case "flows":
                for (kind, flow) in try self.object(value, at: here) { options.flows[EdgeKind.normalize(kind)] = try self.flow(flow, at: here + "." + kind) }
            case "unknown_kinds_flow": options.unknownKindsFlow = try flow(value, at: here)
            case "share_scale":
                let scale: Double
                switch value {
                case .int(let number): scale = Double(number)
                case .double(let number): scale = number
                default: throw fail(at: here, "'share_scale' takes a number, such as 100")
                }
                guard scale > 0 else { throw fail(at: here, "'share_scale' must be above 0") }
                options.shareScale = scale
            case "map":
                for (name, pairs) in try self.object(value, at: here) {
                    let field = try field(name, at: here + "." + name)
                    for (from, to) in try self.object(pairs, at: here + "." + name) {
                        options.valueMaps[field, default: [:]][from.trimmingWhitespace()] = try string(to, at: here + "." + name + "." + from)
                    }
                }
            case "rows_where":
                let list: [JSONValue]
                if case .array(let elements) = value { list = elements } else { list = [value] }
                for element in list {
                    do { options.rowFilters.append(try RowFilter(parsing: try string(element, at: here))) } catch let error as ValueError {
                        throw fail(at: here, error.message)
                    }
                }
            case "merge_repeated_ids":
                guard case .bool(let merge) = value else { throw fail(at: here, "'merge_repeated_ids' takes true or false") }
                options.mergeRepeatedIDs = merge
            case "kind_change":
                let names = KindChangePolicy.allCases.map(\.rawValue)
                guard let policy = KindChangePolicy(rawValue: try string(value, at: here)) else {
                    throw fail(at: here, "'kind_change' takes one of \(names.joined(separator: ", "))")
                }
                options.kindChange = policy
            case "replace":
                guard case .bool = value else { throw fail(at: here, "'replace' takes true or false") }
            case "description", "file", "tables", "skip_bad_rows":
                break  // read by the caller (a description is for people)
            default:
                preconditionFailure("a valid key without a reader: \(key)")
            }
        }
    }
}

extension ImportOptions {
    /// The options as a mapping file's table holds them (without `file`); stored in the
    /// import log. Only what differs from the defaults is written, keys sorted.
    public var mappingJSON: JSONValue {
        let plain = ImportOptions()
        var object: [String: JSONValue] = [:]
        if !columns.isEmpty { object["columns"] = .object(Dictionary(uniqueKeysWithValues: columns.map { ($0.key.name, .string($0.value)) })) }
        if defaultNodeKind != plain.defaultNodeKind { object["default_node_kind"] = .string(defaultNodeKind) }
        if defaultEdgeKind != plain.defaultEdgeKind { object["default_edge_kind"] = .string(defaultEdgeKind) }
        if listSeparator != plain.listSeparator { object["list_separator"] = .string(String(listSeparator)) }
        if !flows.isEmpty { object["flows"] = .object(flows.mapValues { .string($0.rawValue) }) }
        if let unknownKindsFlow { object["unknown_kinds_flow"] = .string(unknownKindsFlow.rawValue) }
        if shareScale != 1 { object["share_scale"] = shareScale == shareScale.rounded() && shareScale < 1e15 ? .int(Int64(shareScale)) : .double(shareScale) }
        if !valueMaps.isEmpty {
            object["map"] = .object(Dictionary(uniqueKeysWithValues: valueMaps.map { ($0.key.name, .object($0.value.mapValues(JSONValue.string))) }))
        }
        if !rowFilters.isEmpty { object["rows_where"] = .array(rowFilters.map { .string($0.description) }) }
        if mergeRepeatedIDs { object["merge_repeated_ids"] = true }
        if kindChange != plain.kindChange { object["kind_change"] = .string(kindChange.rawValue) }
        return .object(object)
    }
}

extension RowFilter: CustomStringConvertible {
    /// `column=value`, `column!=a|b` (alternatives sorted): the form ``init(parsing:)`` reads.
    public var description: String { column + (keeps ? "=" : "!=") + values.sorted().joined(separator: "|") }
}

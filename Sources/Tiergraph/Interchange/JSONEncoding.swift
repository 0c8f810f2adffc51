/// The JSON shapes Tiergraph prints and exports, documented in README ("JSON output").
/// Keys are written sorted, so the same graph always prints the same bytes.
extension Node {
    /// `{"id","kind","name","aliases","country","properties","citations","claims"}`.
    public var json: JSONValue {
        [
            "id": .string(id), "kind": .string(kind), "name": .string(name),
            "aliases": .array(aliases.map(JSONValue.string)), "country": JSONValue(country),
            "properties": .object(properties), "citations": .array(citations.map(\.json)), "claims": .array(claims.map(\.json)),
        ]
    }
}

extension Edge {
    /// `{"id","source","target","kind","input","share","share_range","share_bounds","volume",
    /// "volume_bounds","unit","valid_from","valid_to","as_of","status","modality","claimant",
    /// "share_of","properties","citations"}`.
    ///
    /// `share` is the point value (the midpoint of a range); `share_range` is `[low, high]`
    /// for a range and `null` otherwise; `share_bounds` says it all (see ``Share/json``).
    /// `volume` is the exact amount, `null` when the source gives bounds (`volume_bounds`).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(effectiveID), "source": .string(source), "target": .string(target), "kind": .string(kind),
            "input": JSONValue(input), "share": JSONValue(share?.value),
            "share_range": share.map { $0.isRange ? [.double($0.low), .double($0.high)] : .null } ?? .null,
            "share_bounds": share.map { .object($0.boundsJSON) } ?? .null,
            "volume": JSONValue(volume?.amount), "volume_bounds": volume.map { .object($0.boundsJSON) } ?? .null,
            "unit": JSONValue(volume?.unit),
            "valid_from": JSONValue(period.from?.description), "valid_to": JSONValue(period.to?.description),
            "properties": .object(properties), "citations": .array(citations.map(\.json)),
        ]
        for (name, value) in zip(EdgeQualifierFields.names, EdgeQualifierFields.values(of: self)) { object[name] = JSONValue(value) }
        return .object(object)
    }
}

extension Bounds {
    /// `{"low","high","low_exclusive","high_exclusive","approximate","inferred"}`; an open end is `null`.
    var json: [String: JSONValue] {
        [
            "low": JSONValue(low), "high": JSONValue(high), "low_exclusive": .bool(lowExclusive),
            "high_exclusive": .bool(highExclusive), "approximate": .bool(approximate), "inferred": .bool(inferred),
        ]
    }
}

extension Share {
    /// The bounds with the wording: ``Bounds``' keys and `"text"` (the wording, or `null`).
    var boundsJSON: [String: JSONValue] { bounds.json.merging(["text": JSONValue(wording)]) { $1 } }

    /// A plain number for a plain point share, else ``boundsJSON``: what node-link files carry.
    var interchangeJSON: JSONValue { isRange || bounds.isQualified || wording != nil ? .object(boundsJSON) : .double(low) }
}

extension Volume {
    /// The bounds with the wording (see ``Share/boundsJSON``); the unit travels beside it.
    var boundsJSON: [String: JSONValue] { bounds.json.merging(["text": JSONValue(wording)]) { $1 } }

    /// A plain number for an exact volume, else ``boundsJSON``.
    var interchangeJSON: JSONValue { amount != nil && !bounds.isQualified && wording == nil ? .double(amount!) : .object(boundsJSON) }
}

extension Citation {
    /// `{"source","quote"}`.
    public var json: JSONValue { ["source": .string(source), "quote": JSONValue(quote)] }
}

extension EdgeKind {
    /// `{"name","flow","description","builtin"}`.
    public var json: JSONValue {
        ["name": .string(name), "flow": .string(flow.rawValue), "description": .string(description), "builtin": .bool(builtIn)]
    }
}

extension GraphStatistics {
    /// `{"nodes","edges","sources","citations","nodes_by_kind","edges_by_kind","supply_index","supply_baseline"}`.
    public var json: JSONValue {
        [
            "nodes": .int(Int64(nodes)), "edges": .int(Int64(edges)), "sources": .int(Int64(sources)),
            "citations": .int(Int64(citations)),
            "nodes_by_kind": .object(nodesByKind.mapValues { .int(Int64($0)) }),
            "edges_by_kind": .object(edgesByKind.mapValues { .int(Int64($0)) }),
            "supply_index": .bool(supplyIndex), "supply_baseline": .bool(supplyBaseline),
        ]
    }
}

extension ImportReport {
    /// `{"files","nodes","edges","sources","kinds","dry_run","merged","skipped","filtered","replaced","kind_changes"}`;
    /// `skipped` counts the rows of ``skippedRowsCSV``; `kind_changes` lists ``KindChange/json``.
    public var json: JSONValue {
        [
            "files": .array(files.map(JSONValue.string)), "nodes": .int(Int64(nodes)), "edges": .int(Int64(edges)),
            "sources": .int(Int64(sources)), "kinds": .int(Int64(kinds)), "dry_run": .bool(dryRun),
            "merged": .int(Int64(merged)), "skipped": .int(Int64(skipped.count)), "filtered": .int(Int64(filtered)), "replaced": .int(Int64(replaced)),
            "kind_changes": .array(kindChanges.map(\.json)),
        ]
    }

    /// The skipped rows as CSV, `file,line,column,column_name,reason`, in the order read: the
    /// same input gives the same bytes.
    public var skippedRowsCSV: String {
        CSVExporter.row(["file", "line", "column", "column_name", "reason"]) + skipped.map {
            CSVExporter.row([$0.file, String($0.line), $0.column.map(String.init) ?? "", $0.columnName ?? "", $0.reason])
        }.joined()
    }
}

extension ChokepointReport {
    /// `{"root","supplied","unmet_inputs","not_in_force","nodes":[{"id","name","tier","via_edge","inputs"}],"groups","disputed"}`;
    /// `groups` is null unless grouped, else `[{"value","members","tier","inputs"}]`.
    public var json: JSONValue {
        let strings = { (list: [String]) in JSONValue.array(list.map(JSONValue.string)) }
        return [
            "root": .string(root), "supplied": .bool(supplied), "unmet_inputs": strings(unmetInputs), "not_in_force": strings(notInForce),
            "nodes": .array(chokepoints.map {
                ["id": .string($0.id), "name": .string($0.name), "tier": .int(Int64($0.tier)), "via_edge": JSONValue($0.viaEdge),
                 "inputs": strings($0.inputs)]
            }),
            "groups": groups.map { list in
                .array(list.map { ["value": .string($0.value), "members": strings($0.members), "tier": .int(Int64($0.tier)), "inputs": strings($0.inputs)] })
            } ?? .null,
            "disputed": strings(disputed),
        ]
    }
}

extension ImpactReport {
    /// `{"removed_nodes","removed_edges","loses_all","loses_some","disputed"}`, each loss
    /// `{"id","name","tier","inputs":[{"input","gate","lost","suppliers","share_lost"}]}` with
    /// `share_lost` null or `{"low","high"}`.
    public var json: JSONValue {
        let strings = { (list: [String]) in JSONValue.array(list.map(JSONValue.string)) }
        let losses = { (list: [SupplyLoss]) in
            JSONValue.array(list.map { loss in
                ["id": .string(loss.id), "name": .string(loss.name), "tier": .int(Int64(loss.tier)),
                 "inputs": .array(loss.inputs.map { input in
                     ["input": .string(input.input), "gate": .bool(input.gate), "lost": strings(input.lost),
                      "suppliers": .int(Int64(input.suppliers)),
                      "share_lost": input.shareLost.map { ["low": .double($0.low), "high": .double($0.high)] } ?? .null]
                 })]
            })
        }
        return [
            "removed_nodes": strings(removedNodes), "removed_edges": strings(removedEdges),
            "loses_all": losses(losesAll), "loses_some": losses(losesSome), "disputed": strings(disputed),
        ]
    }
}

extension Requirement {
    /// `{"input","gate","suppliers"}`.
    public var json: JSONValue {
        ["input": .string(input), "gate": .bool(gate), "suppliers": .array(suppliers.map(JSONValue.string)),
         "not_in_force": .array(notInForce.map(JSONValue.string))]
    }
}

extension Tiers {
    /// `{"root","name","needs","nodes":[{"id","name","tier","via_edge","input"}],"truncated",
    /// "timed_out"}`; `needs` is null except for upstream walks; `truncated` is true when the
    /// walk stopped early (at its limit, or when `timed_out`).
    public var json: JSONValue {
        [
            "truncated": .bool(cut != nil), "timed_out": .bool(cut == .timeout),
            "root": .string(root), "name": .string(names[root] ?? ""),
            "needs": needs.map { .array($0.map(\.json)) } ?? .null,
            "nodes": .array(nodes.map {
                ["id": .string($0.id), "name": .string(names[$0.id] ?? ""), "tier": .int(Int64($0.tier)),
                 "via_edge": JSONValue($0.viaEdge), "input": JSONValue($0.input)]
            }),
        ]
    }
}

extension GraphStore {
    /// The edges with these ids (repeats read once, all in one statement), by id.
    public func edges(withIDs ids: [String]) throws -> [String: Edge] {
        var edges: [String: Edge] = [:]
        try forEachEdge(ids: Array(Set(ids)).sorted()) { edges[$0.effectiveID] = $0 }
        return edges
    }

    /// `{"paths": [{"nodes": [ids], "edges": [edge], "cost"}]}`, with `"truncated"` and
    /// `"timed_out"` when the search could be cut short: what `path` and `paths` print. Each
    /// distinct edge is read once, however many paths share it (`edges`: those already read by
    /// ``edges(withIDs:)``, so a caller printing them too reads them once).
    public func json(of paths: [Path], truncated: Bool? = nil, timedOut: Bool = false, edges: [String: Edge]? = nil) throws -> JSONValue {
        let edges = try edges ?? self.edges(withIDs: paths.flatMap(\.edges))
        var document: [String: JSONValue] = ["paths": .array(paths.map { path in
            [
                "nodes": .array(path.nodes.map(JSONValue.string)),
                "edges": .array(path.edges.map { edges[$0]?.json ?? .string($0) }),
                "cost": .double(path.cost),
            ]
        })]
        if let truncated {
            document["truncated"] = .bool(truncated)
            document["timed_out"] = .bool(timedOut)
        }
        return .object(document)
    }
}

extension Source {
    /// `{"id","title","publisher","date","url"}`.
    public var json: JSONValue {
        ["id": .string(id), "title": JSONValue(title), "publisher": JSONValue(publisher), "date": JSONValue(date?.description), "url": JSONValue(url)]
    }
}

extension SourceUsage {
    /// `{"source": source, "nodes": [ids], "edges": [ids]}`.
    public var json: JSONValue {
        ["source": source.json, "nodes": .array(nodes.map(JSONValue.string)), "edges": .array(edges.map(JSONValue.string))]
    }
}

extension ExposureReport {
    /// `{"root","as_of","owners":[stake],"holdings":[stake],"market":null|{"hhi":{"low","high"},
    /// "total":{"low","high"},"shares":[share],"uncounted":[share]},"warnings":[text]}`; a stake is
    /// `{"id","share","low","high","chains","conflicting"}`, a share `{"id","share_of","share","conflicting",
    /// "edges","claims":[claim]}` with `share` as in ``Share/boundsJSON``.
    public var json: JSONValue {
        let stakes = { (list: [Stake]) in
            JSONValue.array(list.map {
                ["id": .string($0.id), "share": .double($0.share), "low": .double($0.low), "high": .double($0.high),
                 "chains": .int(Int64($0.chains)), "conflicting": .bool($0.conflicting)]
            })
        }
        let shares = { (list: [MarketShare]) in
            JSONValue.array(list.map {
                ["id": .string($0.id), "share_of": JSONValue($0.shareOf?.rawValue), "share": .object($0.share.boundsJSON), "conflicting": .bool($0.conflicting),
                 "edges": .array($0.edges.map(JSONValue.string)), "claims": .array($0.claims.map(\.json))]
            })
        }
        let range = { (range: ClosedRange<Double>?) in range.map { ["low": .double($0.lowerBound), "high": .double($0.upperBound)] } ?? JSONValue.null }
        return [
            "root": .string(root), "as_of": JSONValue(date?.description), "owners": stakes(owners), "holdings": stakes(holdings),
            "market": herfindahl == nil && uncounted.isEmpty ? .null : [
                "hhi": range(herfindahl), "total": range(marketTotal), "shares": shares(marketShares), "uncounted": shares(uncounted),
            ],
            "warnings": .array(warnings.map(JSONValue.string)),
        ]
    }
}

extension ResolvedClaim {
    /// `{"edge","share","time","sources","modality","status","claimant","role"}`.
    public var json: JSONValue {
        [
            "edge": .string(edge), "share": .object(share.boundsJSON), "time": JSONValue(time?.description),
            "sources": .array(sources.map(JSONValue.string)), "modality": JSONValue(modality?.rawValue),
            "status": JSONValue(status), "claimant": JSONValue(claimant), "role": .string(role.rawValue),
        ]
    }
}

extension Problem {
    /// `{"code","message"}`.
    public var json: JSONValue { ["code": .string(code.rawValue), "message": .string(message)] }
}

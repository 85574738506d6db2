import JSONValues

/// What `mote execute --report FILE.json` writes: one record per code cell (its status, error and
/// duration) and totals, so CI can tell which cell failed and how long each took without reading
/// the executed notebook.
struct ExecutionReport {
    /// The outcome of one code cell.
    enum Status: String {
        case ok, error, skipped
    }

    /// One code cell's record. `index` counts every cell of the notebook from 0 (as nbformat and
    /// papermill do), markdown cells included, so it points at the cell in the `.ipynb`.
    struct Cell {
        var index: Int
        var executionCount: Int?
        var status: Status
        var ename: String?
        var evalue: String?
        /// Why a cell was not run: empty, tagged `skip-execution`, or after an earlier error.
        var skipReason: String?
        /// Wall-clock seconds the cell ran (0 for a skipped cell).
        var seconds: Double
    }

    var notebook: String
    var cells: [Cell] = []
    /// The first failure that stops `mote execute` (errors in `raises-exception` cells do not).
    var failedCellIndex: Int?

    var json: JSON {
        let count = { (status: Status) in cells.count { $0.status == status } }
        let total = cells.reduce(0) { $0 + $1.seconds }
        var document: [String: JSON] = [
            "notebook": .string(notebook),
            "status": failedCellIndex == nil ? "ok" : "error",
            "cells": .array(cells.map(\.json)),
            "totals": [
                "cells": .number(Double(cells.count)),
                "ok": .number(Double(count(.ok))),
                "error": .number(Double(count(.error))),
                "skipped": .number(Double(count(.skipped))),
                "duration": .number(Self.rounded(total)),
            ],
        ]
        if let failedCellIndex { document["failed_cell"] = .number(Double(failedCellIndex)) }
        return .object(document)
    }

    /// Microseconds are more than a timing can honestly claim, and keep the file readable.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e6 }
}

extension ExecutionReport.Cell {
    var json: JSON {
        var record: [String: JSON] = [
            "index": .number(Double(index)),
            "execution_count": executionCount.map { .number(Double($0)) } ?? .null,
            "status": .string(status.rawValue),
            "duration": .number(ExecutionReport.rounded(seconds)),
        ]
        if let ename { record["ename"] = .string(ename) }
        if let evalue { record["evalue"] = .string(evalue) }
        if let skipReason { record["reason"] = .string(skipReason) }
        return .object(record)
    }
}

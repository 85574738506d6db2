import Foundation
import Int8Inference
import JSONValues
import MCUEmulator
import RichDisplay
import TensorEngine

/// What `deploy` returns: the report of one qmodel on one board.
public struct DeploymentValue: Sendable {
    public let report: DeploymentReport
    /// The qmodel's name, for titles.
    public let modelName: String
}

/// What `emulate` returns: the outputs of one or more inferences on a board, and what they cost.
public struct EmulationValue: Sendable {
    public let modelName: String
    public let board: Board
    /// One run per input sample, in order.
    public let runs: [EmulationResult]
    /// The dequantized outputs: one sample's shape for a single input, `[n] + shape` for several.
    public let output: Tensor
    /// Whether the input was one sample (not a dataset).
    public let single: Bool

    /// Cycles of one inference (the cycle model does not depend on the input values).
    public var cycles: Int { runs.first?.cycles ?? 0 }
    public var latency: Double { runs.first?.latency ?? 0 }
    public var peakRAM: Int { runs.map(\.peakRAM).max() ?? 0 }
    public var profile: [OperatorReport] { runs.first?.profile ?? [] }
    /// The firmware's own figures, for an instruction-level emulation.
    public var firmware: FirmwareRun? { runs.first?.firmware }
}

/// Tables, charts and JSON for boards, deployments and emulations.
enum DeploymentDisplay {
    // MARK: Boards

    static func boardRow(_ board: Board) -> [String] {
        [board.name, board.mcu, board.core.displayName, Quantity(board.clock, .hertz).text, ByteText.string(board.sram),
         ByteText.string(board.flash), board.kernelLibrary.displayName]
    }

    static let boardColumns: [Table.Column] = [
        .init("board"), .init("MCU"), .init("core"), .init("clock", alignment: .right), .init("SRAM", alignment: .right),
        .init("flash", alignment: .right), .init("kernels"),
    ]

    static func table(_ board: Board) -> Table {
        Table(title: "Board \(board.name)", columns: boardColumns, rows: [boardRow(board)])
    }

    static func catalogue(_ boards: [Board]) -> Table {
        Table(title: "Boards", columns: boardColumns, rows: boards.map(boardRow),
              caption: "Use a board by its name, e.g. deploy(q, nano33ble). Kernels: the optimized int8 library a real deployment would use.")
    }

    static func json(_ board: Board) -> JSON {
        ["name": .string(board.name), "mcu": .string(board.mcu), "core": .string(board.core.displayName),
         "clock": .number(board.clock), "sram": .number(Double(board.sram)), "flash": .number(Double(board.flash)),
         "kernels": .string(board.kernelLibrary.displayName)]
    }

    // MARK: Deployments

    static func table(_ value: DeploymentValue) -> Table {
        let report = value.report, board = report.board, use = report.resources
        func bytes(_ count: Int) -> String { ByteText.string(count) }
        func share(_ used: Int, of total: Int) -> String {
            total > 0 ? String(format: "%.0f%% of %@", 100 * Double(used) / Double(total), bytes(total)) : ""
        }
        let rows: [[String]] = [
            ["fits", report.fits ? "yes" : "no", report.fits ? "" : report.shortfalls.map(\.description).joined(separator: "; ")],
            ["flash", bytes(use.flashBytes), share(use.flashBytes, of: board.flash)],
            ["  model", bytes(use.modelBytes), "the .tflite bytes"],
            ["  runtime and kernels", bytes(use.flashBytes - use.modelBytes),
             "TFLite Micro + " + use.kernelCodeBytes.keys.sorted().joined(separator: ", ")],
            ["RAM", bytes(use.ramBytes), share(use.ramBytes, of: board.sram)],
            ["  tensor arena", bytes(use.arenaBytes), "activations by lifetime, plus per-op data"],
            ["  stack and static", bytes(use.stackBytes + use.staticRAMBytes), ""],
            ["latency", Quantity(report.latency, .seconds).text,
             "\(NumberText.grouped(report.cycles)) cycles at \(Quantity(board.clock, .hertz).text); kernels: \(board.kernelLibrary.displayName)"],
            ["energy per inference", energyText(report.energy), String(format: "%.1f mA at %.1f V", board.activeCurrent * 1000, board.supplyVoltage)],
            ["battery life", durationText(report.batteryLife), "one inference per second on a \(report.battery.name)"],
        ]
        return Table(title: "\(value.modelName) on \(board.name) (\(board.mcu), \(board.core.displayName))",
                     columns: [.init("measure"), .init("value", alignment: .right), .init("note")], rows: rows,
                     caption: "Estimates from Mote's memory plan and cycle model; plot(d) draws cycles and memory per operator.")
    }

    static func operatorTable(_ operators: [OperatorReport], clock: Double, title: String) -> Table {
        let rows = operators.map { op in
            [String(op.workload.index), op.workload.name, NumberText.grouped(op.workload.macs), NumberText.grouped(op.cycles.total),
             Quantity(Double(op.cycles.total) / clock, .seconds).text, ByteText.string(op.liveArenaBytes)]
        }
        let total = operators.reduce(0) { $0 + $1.cycles.total }
        return Table(title: title,
                     columns: [.init("#", alignment: .right), .init("operator"), .init("MACs", alignment: .right),
                               .init("cycles", alignment: .right), .init("time", alignment: .right), .init("live arena", alignment: .right)],
                     rows: rows,
                     footer: [["", "total", NumberText.grouped(operators.reduce(0) { $0 + $1.workload.macs }), NumberText.grouped(total),
                               Quantity(Double(total) / clock, .seconds).text, ""]])
    }

    static func chart(_ operators: [OperatorReport], title: String) -> Chart {
        let labels = operators.map { "\($0.workload.index) \($0.workload.name)" }
        return Chart(title: title, panels: [
            ChartPanel(title: "cycles (thousands)", content: .bars(labels: labels, values: operators.map { Double($0.cycles.total) / 1000 })),
            ChartPanel(title: "live arena (bytes)", content: .bars(labels: labels, values: operators.map { Double($0.liveArenaBytes) })),
        ])
    }

    static func json(_ value: DeploymentValue) -> JSON {
        let report = value.report
        return ["board": json(report.board), "fits": .bool(report.fits), "flash": .number(Double(report.resources.flashBytes)),
                "ram": .number(Double(report.resources.ramBytes)), "arena": .number(Double(report.resources.arenaBytes)),
                "latency": .number(report.latency), "cycles": .number(Double(report.cycles)), "energy": .number(report.energy),
                "model": .number(Double(report.resources.modelBytes)), "battery_life": .number(report.batteryLife),
                "shortfalls": .array(report.shortfalls.map { .string($0.description) }),
                "operators": operatorsJSON(report.operators)]
    }

    static func operatorsJSON(_ operators: [OperatorReport]) -> JSON {
        .array(operators.map { op in
            ["index": .number(Double(op.workload.index)), "operator": .string(op.workload.name),
             "macs": .number(Double(op.workload.macs)), "cycles": .number(Double(op.cycles.total)),
             "latency": .number(op.latency), "arena": .number(Double(op.liveArenaBytes))]
        })
    }

    // MARK: Emulations

    static func table(_ value: EmulationValue) -> Table {
        let outputText = value.single ? value.output.formatted(maxElements: 20) : "\(value.runs.count) inferences, outputs \(value.output.shape)"
        let rows = [["output", outputText],
                    ["cycles per inference", NumberText.grouped(value.cycles)],
                    ["latency", Quantity(value.latency, .seconds).text],
                    ["peak RAM", ByteText.string(value.peakRAM)]]
        guard let firmware = value.firmware else {
            return Table(title: "\(value.modelName) emulated on \(value.board.name)",
                         columns: [.init("measure"), .init("value", alignment: .right)], rows: rows,
                         caption: "Int8 kernels run in a simulated SRAM of the board's size, each tensor at its planned offset; e.profile lists the operators.")
        }
        let ratio = firmware.estimatedCycles > 0 ? String(format: " (counted ÷ estimated: %.2f)", Double(value.cycles) / Double(firmware.estimatedCycles)) : ""
        return Table(title: "\(value.modelName) run as firmware on \(value.board.name)'s \(firmware.core.displayName)",
                     columns: [.init("measure"), .init("value", alignment: .right)],
                     rows: rows + [["instructions (with start-up)", NumberText.grouped(firmware.instructions)],
                                   ["firmware flash", ByteText.string(firmware.flashBytes)],
                                   ["static RAM + deepest stack", "\(ByteText.string(firmware.staticRAMBytes)) + \(ByteText.string(firmware.peakStackBytes))"],
                                   ["cycle model's estimate", NumberText.grouped(firmware.estimatedCycles) + ratio]]
                         + cacheRows(firmware),
                     caption: "The model exported as C99 (kernels bit-exact with Mote's reference kernels), cross-compiled with arm-none-eabi-gcc -O2 and run instruction by instruction; cycles come from the core's timing table with the board's flash timing (wait states, or the XIP cache's hits and misses), counted between the firmware's marks around the inference. e.profile lists the operators.")
    }

    /// The flash cache's line, on a board that runs flash through one.
    private static func cacheRows(_ firmware: FirmwareRun) -> [[String]] {
        guard let cache = firmware.flashCache else { return [] }
        let rate = cache.accesses > 0 ? String(format: " (%.2f%% hits)", 100 * Double(cache.hits) / Double(cache.accesses)) : ""
        return [["flash cache hits / misses (with start-up)", "\(NumberText.grouped(Int(cache.hits))) / \(NumberText.grouped(Int(cache.misses)))" + rate]]
    }

    static func json(_ value: EmulationValue) -> JSON {
        ["board": json(value.board), "output": .array(value.output.scalars.map { .number(Double($0)) }),
         "output_shape": .array(value.output.shape.map { .number(Double($0)) }),
         "cycles": .number(Double(value.cycles)), "latency": .number(value.latency), "ram": .number(Double(value.peakRAM)),
         "profile": operatorsJSON(value.profile), "mode": .string(value.firmware == nil ? "model" : "instructions"),
         "instructions": value.firmware.map { .number(Double($0.instructions)) } ?? .null,
         "flash": value.firmware.map { .number(Double($0.flashBytes)) } ?? .null,
         "stack": value.firmware.map { .number(Double($0.peakStackBytes)) } ?? .null,
         "estimated_cycles": value.firmware.map { .number(Double($0.estimatedCycles)) } ?? .null,
         "cache_hits": value.firmware?.flashCache.map { .number(Double($0.hits)) } ?? .null,
         "cache_misses": value.firmware?.flashCache.map { .number(Double($0.misses)) } ?? .null]
    }

    // MARK: Units without a Mote quantity

    static func energyText(_ joules: Double) -> String {
        joules >= 1e-3 ? String(format: "%.3g mJ", joules * 1e3) : String(format: "%.3g µJ", joules * 1e6)
    }

    static func durationText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "unlimited" }
        let days = seconds / 86_400
        if days >= 365 { return String(format: "%.1f years", days / 365) }
        if days >= 1 { return String(format: "%.0f days", days) }
        return String(format: "%.1f hours", seconds / 3600)
    }
}

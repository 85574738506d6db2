import MCUEmulator
import MoteSyntax
import RichDisplay

extension Builtins {
    /// One int8 model against several boards, side by side.
    static let fleet: [Builtin] = [
        Builtin("deployments", category: .deployment, summary: "deploy one int8 model to several boards: one table, a row per board",
                parameters: [.required("qmodel", "the int8 model (from quantize or load_model)"),
                             .optional("boards", "the boards to compare", default: .none, shown: "every board")],
                returns: "table",
                doc: "The deploy report of each board in one table: whether it fits, flash and RAM with their share of the board's, latency and energy per inference. Use it to choose the smallest board that fits and answers in time; deploy(q, board) gives one board's details.",
                examples: ["deployments(q, [nano33ble, pico, esp32, uno])", "deployments(q)"]) { call throws(Diagnostic) in
            let handle = try call.qmodel("qmodel")
            var boards = [Board]()
            switch call.value("boards") {
            case .none: boards = Board.catalogue
            case .list(let items):
                for item in items {
                    guard case .board(let board) = item else { throw call.typeError("boards", expected: "a list of boards, e.g. [nano33ble, pico]", got: item) }
                    boards.append(board)
                }
            case .board(let board): boards = [board]
            case let other: throw call.typeError("boards", expected: "a list of boards, e.g. [nano33ble, pico]", got: other)
            }
            guard !boards.isEmpty else { throw Diagnostic(.value, "give at least one board", at: call.range(of: "boards")) }
            let bytes = try? handle.tflite.get().count
            let rows = boards.map { board -> [String] in
                let report = Deployment.report(handle.graph, on: board, modelBytes: bytes)
                let use = report.resources
                func share(_ used: Int, of total: Int) -> String {
                    "\(ByteText.string(used)) (\(total > 0 ? NumberText.string((100 * Double(used) / Double(total)).rounded()) : "–")%)"
                }
                return [board.name, board.core.displayName, report.fits ? "yes" : "no", share(use.flashBytes, of: board.flash),
                        share(use.ramBytes, of: board.sram), Quantity(report.latency, .seconds).text, DeploymentDisplay.energyText(report.energy)]
            }
            return .table(Table(title: "\(handle.name) on \(boards.count) board\(boards.count == 1 ? "" : "s")",
                                columns: [.init("board"), .init("core"), .init("fits"), .init("flash", alignment: .right),
                                          .init("RAM", alignment: .right), .init("latency", alignment: .right), .init("energy", alignment: .right)],
                                rows: rows, caption: "Flash and RAM as a share of the board's; estimates from Mote's memory plan and cycle model."))
        },
    ]
}

import DataPipeline
import Foundation
import MoteSyntax

extension Builtins {
    /// Loading files and capturing from devices (`LANGUAGE.md` §5 Data, §8 Files). Every path goes
    /// through the session's sandbox.
    static let files: [Builtin] = [
        Builtin("digits", category: .data, summary: "the UCI handwritten digits: 1,797 images of 8×8, shipped with Mote",
                returns: "dataset",
                doc: "Real data without a download: E. Alpaydin and C. Kaynak's optical recognition of handwritten digits (UCI Machine Learning Repository, CC BY 4.0). Pixels are 0 to 16; the classes are \"0\" to \"9\".",
                examples: ["data = digits()", "plot(data[0])"]) { call throws(Diagnostic) in
            .dataset(try loadResult(call) { () throws(LoadError) in try Dataset.digits() })
        },
        Builtin("load_csv", category: .data, summary: "a dataset from a CSV file",
                parameters: [
                    .required("path", "the file, relative to the notebook's folder"),
                    .optional("label", "the column that holds each row's class", default: .none),
                    .optional("window", "rows per sample, to cut a time series into sliding windows", default: .none),
                    .optional("stride", "rows between the starts of windows (default: the window)", default: .none),
                ],
                returns: "dataset",
                doc: "The first row names the columns; numeric columns become the channels. Without window every row is a sample; with window the rows are cut into windows of that many rows, each labelled by its rows' class (windows that mix classes are skipped). A time or timestamp column sets the rate.",
                examples: ["data = load_csv(\"imu.csv\", label: \"gesture\", window: 100, stride: 50)"]) { call throws(Diagnostic) in
            let url = try call.session.file(try call.string("path"), at: call.range(of: "path"))
            let label = try call.optionalString("label")
            let window: Int? = if case .none = call.value("window") { nil } else { try call.integer("window", minimum: 1) }
            let stride: Int? = if case .none = call.value("stride") { nil } else { try call.integer("stride", minimum: 1) }
            return .dataset(try loadResult(call) { () throws(LoadError) in try Dataset.csv(at: url, label: label, window: window, stride: stride) })
        },
        Builtin("load_wav", category: .data, summary: "audio from a WAV file, or a folder of word/*.wav clips",
                parameters: [.required("path", "a .wav file, or a folder with one subfolder of clips per word (the Speech Commands layout)")],
                returns: "dataset",
                doc: "PCM 8, 16, 24 or 32-bit or float WAV, mono or the first channel. A folder gives one class per subfolder; clips of one rate, padded with silence to one length.",
                examples: ["speech = load_wav(\"speech_commands\")", "features = mfcc(speech)"]) { call throws(Diagnostic) in
            let url = try call.session.file(try call.string("path"), at: call.range(of: "path"))
            return .dataset(try loadResult(call) { () throws(LoadError) in try Dataset.wav(at: url) })
        },
        Builtin("load_npy", category: .data, summary: "a tensor from a NumPy .npy file",
                parameters: [.required("path", "the .npy file")],
                returns: "tensor",
                doc: "Reads NumPy's format (versions 1 to 3, float, int, uint8 and bool, C order) as a float32 tensor.",
                examples: ["x = load_npy(\"features.npy\")"]) { call throws(Diagnostic) in
            let url = try call.session.file(try call.string("path"), at: call.range(of: "path"))
            let tensor = try loadResult(call) { () throws(LoadError) in try Dataset.npyTensor(at: url) }
            guard tensor.count <= call.limits.tensorElements else {
                throw TensorLiteral.tooLarge(tensor.count, limit: call.limits.tensorElements, at: call.range(of: "path"))
            }
            return .tensor(tensor)
        },
        Builtin("capture_serial", category: .data, summary: "record labelled sensor data from a board on a serial port",
                parameters: [
                    .required("port", "the serial device, e.g. \"/dev/ttyACM0\""),
                    .optional("baud", "the baud rate the board prints at", default: .number(115200)),
                    .optional("duration", "how long to record", default: .quantity(Quantity(5, .seconds)), shown: "5s"),
                    .optional("label", "the class of what is recorded", default: .string("name"), shown: "\"name\""),
                    .optional("columns", "names of the columns, e.g. [\"ax\", \"ay\", \"az\"]", default: .none),
                ],
                returns: "dataset",
                doc: "Reads lines of numbers (separated by commas, spaces or tabs: the Edge Impulse data forwarder format) for the duration, measures the sample rate, and returns one labelled recording. Bad lines are skipped and counted. Record each gesture, then merge(...) them and cut windows. Interrupting stops the recording and keeps what arrived.",
                examples: ["wave = capture_serial(\"/dev/ttyACM0\", duration: 10s, label: \"wave\")", "data = merge(wave, idle)"]) { call throws(Diagnostic) in
            let port = try call.session.file(try call.string("port"), devices: true, at: call.range(of: "port")).path
            let baud = try call.integer("baud", minimum: 1)
            let duration = try call.quantity("duration", .seconds)
            let label = try call.string("label")
            var columns: [String]?
            if case .list(let items) = call.value("columns") {
                columns = try items.map { (item) throws(Diagnostic) -> String in
                    guard case .string(let name) = item else { throw call.typeError("columns", expected: "a list of names", got: item) }
                    return name
                }
            }
            let interruption = call.interruption
            let (dataset, skipped) = try loadResult(call) { () throws(LoadError) in
                try SerialCapture.capture(port: port, baud: baud, duration: duration, label: label, columns: columns) {
                    interruption.isRequested
                }
            }
            if skipped > 0 { call.stdout("skipped \(skipped) line\(skipped == 1 ? "" : "s") that were not numbers\n") }
            return .dataset(dataset)
        },
    ]

    /// Runs a loader, turning its error into a DataError at the call.
    private static func loadResult<T>(_ call: Call, _ body: () throws(LoadError) -> T) throws(Diagnostic) -> T {
        do { return try body() } catch { throw Diagnostic(.data, error.description, at: call.range) }
    }
}

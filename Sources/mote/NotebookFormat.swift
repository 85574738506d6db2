import JSONValues

/// nbformat's on-disk conventions, so `mote execute` writes the bytes Jupyter would: multi-line
/// strings of sources, streams and text-like MIME data split into lists of lines, then JSON with
/// one-space indents and sorted keys.
enum NotebookFormat {
    /// MIME types nbformat splits into lines besides `text/*`.
    private static let splitMimeTypes: Set<String> = ["application/javascript", "image/svg+xml"]

    static func text(of notebook: JSON) -> String {
        splitLines(notebook).pythonStyleText(indent: 1) + "\n"
    }

    static func splitLines(_ notebook: JSON) -> JSON {
        guard var document = notebook.objectValue, let cells = document["cells"]?.arrayValue else { return notebook }
        document["cells"] = .array(cells.map { cellJSON in
            guard var cell = cellJSON.objectValue else { return cellJSON }
            if let source = cell["source"]?.stringValue { cell["source"] = lines(source) }
            if let outputs = cell["outputs"]?.arrayValue {
                cell["outputs"] = .array(outputs.map(splitOutput))
            }
            return .object(cell)
        })
        return .object(document)
    }

    private static func splitOutput(_ outputJSON: JSON) -> JSON {
        guard var output = outputJSON.objectValue else { return outputJSON }
        switch output["output_type"]?.stringValue {
        case "stream":
            if let text = output["text"]?.stringValue { output["text"] = lines(text) }
        case "execute_result", "display_data":
            if var data = output["data"]?.objectValue {
                for (mime, value) in data where mime.hasPrefix("text/") || splitMimeTypes.contains(mime) {
                    if let text = value.stringValue { data[mime] = lines(text) }
                }
                output["data"] = .object(data)
            }
        default: break
        }
        return .object(output)
    }

    /// Python's `str.splitlines(keepends=True)`: every line keeps its terminator.
    static func lines(_ text: String) -> JSON {
        let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}"]
        var result = [JSON]()
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if previousWasCR {
                previousWasCR = false
                if scalar == "\n" {
                    current.append(scalar)
                    result.append(.string(String(current)))
                    current = String.UnicodeScalarView()
                    continue
                }
                result.append(.string(String(current)))
                current = String.UnicodeScalarView()
            }
            current.append(scalar)
            if scalar == "\r" {
                previousWasCR = true
            } else if breaks.contains(scalar) {
                result.append(.string(String(current)))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(.string(String(current))) }
        return .array(result)
    }
}

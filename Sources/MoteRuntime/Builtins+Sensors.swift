import DataPipeline
import MoteSyntax

extension Builtins {
    /// Synthetic sensors and features (`LANGUAGE.md` §5 Data capture, Features).
    static let sensors: [Builtin] = [
        Builtin("gestures", category: .data, summary: "synthetic 6-axis IMU gesture windows (the magic wand)",
                parameters: [
                    .optional("classes", "the gesture names; wing, ring, slope and idle have their own strokes, others get one made from the name",
                              default: .list(["wing", "ring", "slope", "idle"].map(Value.string)), shown: "[\"wing\", \"ring\", \"slope\", \"idle\"]"),
                    .optional("per_class", "windows per gesture", default: .number(100)),
                    .optional("rate", "samples per second", default: .quantity(Quantity(50, .hertz)), shown: "50Hz"),
                    .optional("duration", "the length of a window", default: .quantity(Quantity(2, .seconds)), shown: "2s"),
                    .optional("noise", "sensor noise, relative to the stroke", default: .number(0.1)),
                    .optional("seed", "the random seed: the same seed gives the same data", default: .number(0), keywordOnly: true),
                ],
                returns: "dataset",
                doc: "Accelerometer and gyroscope windows (ax ay az gx gy gz) of a wand drawing each gesture, with per-sample variation in speed, size, orientation and noise, so a small CNN learns them well but not perfectly. Shape [rate·duration, 6].",
                examples: ["data = gestures(per_class: 120, seed: 7)", "plot(data[0])"]) { call throws(Diagnostic) in
            let classes = try stringList(call, "classes")
            let rate = try call.quantity("rate", .hertz), duration = try call.quantity("duration", .seconds)
            // Motion sensors: the stroke smoothing costs steps × rate, so higher rates take minutes.
            try checkRate(call, rate, maximum: 1e3, sensor: "a motion sensor")
            let perClass = try call.integer("per_class", minimum: 1), noise = try call.number("noise"), seed = try call.seed()
            try checkSize(call, [Double(perClass), Double(classes.count), rate * duration, 6])
            return .dataset(try datasetResult(call) { () throws(DatasetError) in
                try Dataset.gestures(classes: classes, perClass: perClass, rate: rate, duration: duration, noise: noise, seed: seed)
            })
        },
        Builtin("keywords", category: .data, summary: "synthetic one-second spoken-word clips, plus silence and unknown",
                parameters: [
                    .optional("words", "the words to tell apart", default: .list(["yes", "no"].map(Value.string)), shown: "[\"yes\", \"no\"]"),
                    .optional("per_class", "clips per class", default: .number(100)),
                    .optional("rate", "samples per second", default: .quantity(Quantity(16000, .hertz)), shown: "16kHz"),
                    .optional("duration", "the length of a clip", default: .quantity(Quantity(1, .seconds)), shown: "1s"),
                    .optional("noise", "background noise level", default: .number(0.1)),
                    .optional("seed", "the random seed", default: .number(0), keywordOnly: true),
                ],
                returns: "dataset",
                doc: "Audio clips built from formant, pitch and noise segments that spell each word, with a \"silence\" class and an \"unknown\" class of other words: keyword spotting without a microphone. Use melspec or mfcc for features.",
                examples: ["clips = keywords(words: [\"yes\", \"no\"], per_class: 50, seed: 1)", "features = mfcc(clips)"]) { call throws(Diagnostic) in
            let words = try stringList(call, "words")
            let rate = try call.quantity("rate", .hertz), duration = try call.quantity("duration", .seconds)
            try checkRate(call, rate, maximum: 1e6, sensor: "a sensor")
            let perClass = try call.integer("per_class", minimum: 1), noise = try call.number("noise"), seed = try call.seed()
            try checkSize(call, [Double(perClass), Double(words.count + 2), rate * duration])
            return .dataset(try datasetResult(call) { () throws(DatasetError) in
                try Dataset.keywords(words: words, perClass: perClass, rate: rate, duration: duration, noise: noise, seed: seed)
            })
        },
        Builtin("vibration", category: .data, summary: "synthetic machine vibration, normal and anomalous",
                parameters: [
                    .optional("normal", "windows of a healthy machine", default: .number(200)),
                    .optional("anomalous", "windows with a fault", default: .number(20)),
                    .optional("rate", "samples per second", default: .quantity(Quantity(1000, .hertz)), shown: "1kHz"),
                    .optional("duration", "the length of a window", default: .quantity(Quantity(1, .seconds)), shown: "1s"),
                    .optional("seed", "the random seed", default: .number(0), keywordOnly: true),
                ],
                returns: "dataset",
                doc: "Three-axis vibration of a rotating machine with its harmonics; anomalies are bearing-fault impulses, imbalance and looseness. Labelled \"normal\" and \"anomaly\": the anomaly-detection lesson.",
                examples: ["machine = vibration(seed: 3)", "spectral(machine)"]) { call throws(Diagnostic) in
            let rate = try call.quantity("rate", .hertz), duration = try call.quantity("duration", .seconds)
            try checkRate(call, rate, maximum: 1e6, sensor: "a sensor")
            let normal = try call.integer("normal", minimum: 0), anomalous = try call.integer("anomalous", minimum: 0), seed = try call.seed()
            try checkSize(call, [Double(normal) + Double(anomalous), rate * duration, 3])
            return .dataset(try datasetResult(call) { () throws(DatasetError) in
                try Dataset.vibration(normal: normal, anomalous: anomalous, rate: rate, duration: duration, seed: seed)
            })
        },
        Builtin("melspec", category: .features, summary: "log-mel spectrogram of every clip",
                parameters: [.required("data", "a dataset of audio clips"),
                             .optional("window", "the frame length", default: .quantity(Quantity(0.03, .seconds)), shown: "30ms"),
                             .optional("stride", "the step between frames", default: .quantity(Quantity(0.02, .seconds)), shown: "20ms"),
                             .optional("filters", "mel bands", default: .number(40))],
                returns: "dataset",
                doc: "Hann-windowed frames, their power spectrum collected in mel bands, then the logarithm: what the ear hears, compactly. 1 s at 16 kHz gives 49×40, as TensorFlow Lite Micro's micro_speech.",
                examples: ["spectrograms = melspec(clips)", "plot(spectrograms[0])"]) { call throws(Diagnostic) in
            let data = try call.dataset("data")
            let window = try call.quantity("window", .seconds), stride = try call.quantity("stride", .seconds)
            let filters = try call.integer("filters", minimum: 1)
            return .dataset(try featureResult(call) { () throws(FeatureError) in try data.melspec(window: window, stride: stride, filters: filters) })
        },
        Builtin("mfcc", category: .features, summary: "mel-frequency cepstral coefficients of every clip",
                parameters: [.required("data", "a dataset of audio clips"),
                             .optional("window", "the frame length", default: .quantity(Quantity(0.03, .seconds)), shown: "30ms"),
                             .optional("stride", "the step between frames", default: .quantity(Quantity(0.02, .seconds)), shown: "20ms"),
                             .optional("filters", "mel bands", default: .number(40)),
                             .optional("coefficients", "coefficients kept per frame", default: .number(10))],
                returns: "dataset",
                doc: "The cosine transform of each log-mel frame, keeping the first coefficients: the spectral envelope in a few numbers. The defaults give 49×10 for 1 s at 16 kHz, the input of MLPerf Tiny's keyword-spotting model.",
                examples: ["features = mfcc(clips)", "model kws { input(49, 10, 1); conv2d(8, kernel: 3, activation: relu); flatten(); dense(4, activation: softmax) }"]) { call throws(Diagnostic) in
            let data = try call.dataset("data")
            let window = try call.quantity("window", .seconds), stride = try call.quantity("stride", .seconds)
            let filters = try call.integer("filters", minimum: 1), coefficients = try call.integer("coefficients", minimum: 1)
            return .dataset(try featureResult(call) { () throws(FeatureError) in
                try data.mfcc(window: window, stride: stride, filters: filters, coefficients: coefficients)
            })
        },
        Builtin("spectral", category: .features, summary: "per-axis RMS, spectral peaks and band powers",
                parameters: [.required("data", "a dataset of time series (IMU, vibration)"),
                             .optional("fft", "the FFT length", default: .number(64))],
                returns: "dataset",
                doc: "A short vector per window: the strength of each axis, where its energy peaks in frequency, and how it spreads over bands. Small inputs for small models, as Edge Impulse's spectral block.",
                examples: ["features = spectral(vibration(seed: 1))"]) { call throws(Diagnostic) in
            let data = try call.dataset("data")
            let size = try call.integer("fft", minimum: 2)
            return .dataset(try featureResult(call) { () throws(FeatureError) in try data.spectral(fft: size) })
        },
        Builtin("normalize", category: .features, summary: "z-score every feature, keeping the statistics",
                parameters: [.required("data", "the dataset to normalize"),
                             .optional("like", "a dataset whose statistics to use (the training data), so test data gets the same transform",
                                       default: .none)],
                returns: "dataset",
                doc: "Subtracts each feature's mean and divides by its standard deviation. The statistics are kept with the result: normalize(test, like: train) applies the training data's, and a deployment records them.",
                examples: ["train = normalize(train)", "test = normalize(test, like: train)"]) { call throws(Diagnostic) in
            let data = try call.dataset("data")
            var statistics: Normalization?
            switch call.value("like") {
            case .none: break
            case .dataset(let reference):
                if let recorded = reference.normalization {
                    statistics = recorded
                } else {
                    statistics = try featureResult(call) { () throws(FeatureError) in try Normalization(fitting: reference.samples) }
                }
            case let other: throw call.typeError("like", expected: "a dataset", got: other)
            }
            var (normalized, used) = try featureResult(call) { () throws(FeatureError) in try data.normalized(like: statistics) }
            normalized.normalization = used
            return .dataset(normalized)
        },
    ]

    private static func stringList(_ call: Call, _ name: String) throws(Diagnostic) -> [String] {
        guard case .list(let items) = call.value(name), !items.isEmpty else {
            throw call.typeError(name, expected: "a list of names", got: call.value(name))
        }
        var names = [String]()
        for item in items {
            guard case .string(let text) = item else { throw call.typeError(name, expected: "a list of names (strings)", got: item) }
            names.append(text)
        }
        guard Set(names).count == names.count else {
            throw Diagnostic(.value, "the names in '\(name)' must differ", at: call.range(of: name))
        }
        return names
    }

    /// Rates are bounded: the synthesis converts times at the rate to sample counts, and a rate
    /// such as 1e300 Hz (with a duration to match) overflowed them and trapped.
    private static func checkRate(_ call: Call, _ rate: Double, maximum: Double, sensor: String) throws(Diagnostic) {
        guard rate <= maximum else {
            let limit = maximum >= 1e6 ? "\(NumberText.string(maximum / 1e6)) MHz" : "\(NumberText.string(maximum / 1e3)) kHz"
            throw Diagnostic(.value, "a rate of \(NumberText.string(rate)) Hz is beyond the \(limit) \(sensor) samples at here",
                             at: call.range(of: "rate"), hint: "audio is 16kHz or 44.1kHz, motion 50Hz to 1kHz")
        }
    }

    /// The product of `factors` is counted in floating point: in integers, `per_class: 1e15` with a
    /// high rate overflowed and stopped the process (found by the evaluator fuzz target).
    private static func checkSize(_ call: Call, _ factors: [Double]) throws(Diagnostic) {
        let count = factors.reduce(1, *)
        guard count.isFinite, count <= Double(call.limits.tensorElements) else {
            throw Diagnostic(.resource, "this would make \(NumberText.string(count)) values, over the limit of \(call.limits.tensorElements)", at: call.range,
                             hint: "ask for fewer samples or shorter windows")
        }
    }

    private static func featureResult<T>(_ call: Call, _ body: () throws(FeatureError) -> T) throws(Diagnostic) -> T {
        do { return try body() } catch { throw Diagnostic(.value, error.description, at: call.range) }
    }
}

extension Call {
    /// A quantity of the given dimension, in base units (seconds, hertz).
    public func quantity(_ name: String, _ dimension: Dimension) throws(Diagnostic) -> Double {
        let value = value(name)
        guard case .quantity(let quantity) = value, quantity.dimension == dimension, quantity.value > 0 else {
            throw Diagnostic(.type, "argument '\(name)' of \(builtin.name) must be a positive quantity in \(dimension.name), not \(value.plainText)",
                             at: range(of: name), hint: "e.g. \(Session.exampleLiteral(for: dimension))")
        }
        return quantity.value
    }
}

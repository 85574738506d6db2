import Foundation
import MoteRuntime
import Testing

@Suite("Anomaly detection, datasets and deployment tables")
struct EvaluationBuiltinsTests {
    @Test("auc equals scikit-learn's roc_auc_score, ties counted half")
    func areaUnderCurve() {
        let session = Session()
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        #expect(session.value("auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])") == "0.75")
        #expect(session.value("auc([1, 2, 3, 4], [0, 0, 1, 1])") == "1")
        #expect(session.value("auc([4, 3, 2, 1], [0, 0, 1, 1])") == "0")
        // All tied: the diagonal.
        #expect(session.value("auc([1, 1, 1, 1], [0, 1, 0, 1])") == "0.5")
        #expect(session.value("auc([1, 2], [1, 1])")?.hasPrefix("ValueError: a ROC curve needs both") == true)
        #expect(session.value("auc([1, 2, 3], [0, 1])") == "ValueError: 3 scores but 2 labels")
    }

    @Test("threshold is NumPy's linear quantile")
    func quantile() {
        let session = Session()
        #expect(session.value("threshold([1, 2, 3, 4, 5], quantile: 50%)") == "3")
        // np.quantile([1, 2, 3, 4], 0.9) == 3.7
        #expect(session.value("round(threshold([4, 1, 3, 2], quantile: 90%) * 1000)") == "3700")
        #expect(session.value("threshold([7])") == "7")
        #expect(session.value("threshold([1, 2], quantile: 2)")?.hasPrefix("ValueError: quantile must be from 0 to 1") == true)
    }

    @Test("detect counts the four outcomes above the threshold")
    func detection() throws {
        let session = Session()
        let text = try #require(session.value("detect([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], threshold: 0.3)"))
        #expect(text.hasPrefix("Detector at threshold 0.3: precision 66.7% · recall 100%"))
        let rows = Dictionary(uniqueKeysWithValues: text.split(separator: "\n").dropFirst(3).map { line in
            let cells = line.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
            return (cells.first ?? "", cells.last ?? "")
        })
        #expect(rows["normal flagged (false positives)"] == "1")
        #expect(rows["anomalies flagged (true positives)"] == "2")
        #expect(rows["anomalies missed (false negatives)"] == "0")
        #expect(rows["false-alarm rate (normal flagged)"] == "50%")
    }

    @Test("roc draws the curve from (0, 0) to (1, 1) with its AUC in the title")
    func rocChart() {
        let session = Session()
        #expect(session.value("roc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])")
            == "<line chart 'ROC · AUC 0.75': 'ROC' (5 points, 0…1), 'chance' (2 points, 0…1)>")
    }

    @Test("dataset pairs samples with regression targets or class indices")
    func datasetFromTensors() {
        let session = Session()
        session.run("line = dataset([-1, 0, 1, 2], [-3, -1, 1, 3])")
        #expect(session.value("line.shape") == "[1]")
        #expect(session.value("line.y") == "tensor([[-3],\n        [-1],\n        [ 1],\n        [ 3]])")
        session.run("switches = dataset([[0, 1], [1, 0], [1, 1]], [0, 1, 1], classes: [\"off\", \"on\"])")
        #expect(session.value("switches.classes") == "[\"off\", \"on\"]")
        #expect(session.value("switches.where(\"on\").count") == "2")
        #expect(session.value("dataset([1, 2], [1])") == "ShapeError: x has 2 samples but y has 1")
        #expect(session.value("dataset([1, 2], [0, 2], classes: [\"a\", \"b\"])") == "DataError: label 2 is not one of the 2 classes")
    }

    @Test("an autoencoder trained on autoencoder_data scores its own data lower than shuffled data")
    func autoencoder() throws {
        let session = Session()
        session.run("""
        machine = vibration(normal: 60, anomalous: 20, seed: 3)
        features = normalize(spectral(machine))
        normal = features.where("normal")
        model ae { input(45); dense(8, activation: relu); dense(45) }
        fit(ae, autoencoder_data(normal), epochs: 30, batch: 16, optimizer: adam(lr: 0.01), loss: mse, seed: 1)
        errors = reconstruction_error(ae, features)
        """)
        #expect(session.value("errors.shape") == "[80]")
        #expect(session.value("autoencoder_data(normal).y.shape") == "[60, 45]")
        let area = try #require(Double(session.value("auc(errors, features)") ?? ""))
        #expect(area > 0.8)
        #expect(session.value("reconstruction_error(ae, machine)")?.hasPrefix("ShapeError") == true)
    }

    @Test("deployments gives one row per board, and the Uno does not fit")
    func deploymentTable() throws {
        let session = Session()
        session.run("""
        data = gestures(classes: ["a", "b"], per_class: 60, seed: 1)
        model m { input(100, 6); conv1d(4, kernel: 3, activation: relu); global_avgpool(); dense(2, activation: softmax) }
        q = quantize(m, calibration: data, samples: 100)
        """)
        let text = try #require(session.value("deployments(q, [nano33ble, uno])"))
        let lines = text.split(separator: "\n")
        #expect(lines.first == "m on 2 boards")
        #expect(lines.contains { $0.hasPrefix("nano33ble") && $0.contains(" yes ") })
        #expect(lines.contains { $0.hasPrefix("uno") && $0.contains(" no ") })
        #expect(session.value("deployments(q, [1])")?.hasPrefix("TypeError: argument 'boards' of deployments must be a list of boards") == true)
    }

    @Test("drift flags a channel whose spread grew, and passes identical data")
    func driftVerdict() throws {
        let session = Session()
        session.run("""
        a = dataset(tensor([[0, 10], [1, 10], [2, 11], [3, 11]]), [0, 0, 0, 0])
        b = dataset(tensor([[0, 10], [3, 10], [6, 11], [9, 11]]), [0, 0, 0, 0])
        """)
        #expect(session.value("drift(a, a)")?.hasPrefix("No drift: all 2 channels within limits") == true)
        let text = try #require(session.value("drift(a, b)"))
        #expect(text.hasPrefix("Drift in 1 of 2 channels"))
        #expect(text.contains("channel 0          1.5       4.5       1.118    3.354      2.683       3  drift"))
        #expect(text.contains("channel 1         10.5      10.5         0.5      0.5          0       1  ok"))
    }

    @Test("model_card reports measured accuracy, the int8 drop and the board")
    func modelCard() throws {
        let session = Session()
        session.run("""
        data = gestures(classes: ["a", "b"], per_class: 60, seed: 1)
        model m { input(100, 6); conv1d(4, kernel: 3, activation: relu); global_avgpool(); dense(2, activation: softmax) }
        fit(m, data, epochs: 3, seed: 1)
        q = quantize(m, calibration: data, samples: 100)
        """)
        let text = try #require(session.value("model_card(m, data: data, qmodel: q, board: uno, intended_use: \"a test\")"))
        let floatAccuracy = try #require(session.value("round(accuracy(m, data) * 1000) / 10"))
        #expect(text.hasPrefix("Model card: m"))
        #expect(text.contains("float accuracy   \(floatAccuracy)%"))
        #expect(text.contains("class balance    a 60, b 60"))
        #expect(text.contains("uno (ATmega328P, AVR): does NOT fit"))
        #expect(text.contains("intended use     a test"))
        #expect(session.value("model_card(m, data: data, board: uno)") == "ArgumentError: a board needs the int8 model: give qmodel: too")
    }
}

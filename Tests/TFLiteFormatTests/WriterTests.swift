import Testing
import Int8Inference
@testable import TFLiteFormat

/// The writer on hand-built graphs: round trips, the model header, options and typed errors.
@Suite struct WriterTests {
    @Test(arguments: HandBuiltGraphs.all.map(\.name))
    func handBuiltGraphRoundTrips(name: String) throws {
        let graph = try #require(HandBuiltGraphs.all.first { $0.name == name }?.graph)
        let bytes = try TFLiteWriter.encode(graph)
        #expect(try TFLiteReader.graph(from: bytes) == graph)
        #expect(try TFLiteWriter.encode(try TFLiteReader.graph(from: bytes)) == bytes, "re-encoding gives the same bytes")
    }

    @Test func modelHeaderFollowsTheSchema() throws {
        let bytes = try TFLiteWriter.encode(HandBuiltGraphs.conv2D(), description: "wand")
        #expect(Array(bytes[4..<8]) == Array("TFL3".utf8))
        let model = try FlatBuffer(bytes: bytes).root()
        #expect(try model.uint32(0) == 3)
        #expect(try model.string(3, name: "description") == "wand")
        let buffers = try model.tables(4, name: "buffers")
        #expect(buffers.count == 3, "the empty sentinel plus filter and bias")
        #expect(try buffers[0].field(0) == nil && buffers[0].field(1) == nil, "buffer 0 is empty")
        for buffer in buffers.dropFirst() {
            let data = try #require(try buffer.vector(0, elementSize: 1, name: "data"))
            #expect(data.start % 16 == 0, "constant data is 16-byte aligned")
        }
        #expect(bytes.count % 16 == 0)
        let tensors = try model.tables(2, name: "subgraphs")[0].tables(0, name: "tensors")
        #expect(try tensors.map { try $0.uint32(2) } == [0, 1, 2, 0], "activations use buffer 0")
    }

    @Test func operatorCodesFillBothFields() throws {
        let bytes = try TFLiteWriter.encode(HandBuiltGraphs.quantize())
        let code = try #require(try FlatBuffer(bytes: bytes).root().tables(1, name: "operator_codes").first)
        #expect(try code.int8(0) == 114, "QUANTIZE is below 127: the byte holds the code itself")
        #expect(try code.int32(3) == 114)
        let add = try #require(try FlatBuffer(bytes: try TFLiteWriter.encode(HandBuiltGraphs.add())).root()
            .tables(1, name: "operator_codes").first)
        #expect(try add.field(0) != nil && add.field(3) != nil, "ADD's code 0 is stored, not left to the default")
    }

    @Test func operatorCodesAreSharedAndOrderedByFirstUse() throws {
        var graph = HandBuiltGraphs.add()
        graph.tensors.append(graph.tensors[2])
        graph.tensors.append(GraphTensor(name: "out", shape: [1, 2, 2, 3], elementType: .int8,
                                         quantization: Quantization(scale: 0.1, zeroPoint: 0)))
        graph.operators = [GraphOperator(kind: .add(AddOptions()), inputs: [0, 1], outputs: [2]),
                           GraphOperator(kind: .logistic, inputs: [2], outputs: [3]),
                           GraphOperator(kind: .add(AddOptions(activation: .relu6)), inputs: [3, 2], outputs: [4])]
        graph.outputs = [4]
        let bytes = try TFLiteWriter.encode(graph)
        let model = try FlatBuffer(bytes: bytes).root()
        #expect(try model.tables(1, name: "operator_codes").map { try $0.int32(3) } == [0, 14])
        #expect(try model.tables(2, name: "subgraphs")[0].tables(3, name: "operators").map { try $0.uint32(0) } == [0, 1, 0])
        #expect(try TFLiteReader.graph(from: bytes) == graph)
    }

    @Test func optionsRoundTripWithNonDefaultValues() throws {
        var graph = HandBuiltGraphs.conv2D()
        let options = Conv2DOptions(padding: .valid, strideHeight: 1, strideWidth: 2, dilationHeight: 2, dilationWidth: 1,
                                    activation: .reluN1To1)
        graph.operators[0].kind = .conv2D(options)
        #expect(try TFLiteReader.graph(from: try TFLiteWriter.encode(graph)).operators[0].kind == .conv2D(options))

        var fc = HandBuiltGraphs.fullyConnected()
        fc.operators[0].kind = .fullyConnected(FullyConnectedOptions(activation: .relu6, keepNumDims: true))
        fc.operators[0].inputs = [0, 1, nil]
        #expect(try TFLiteReader.graph(from: try TFLiteWriter.encode(fc)) == fc, "an absent bias is written as -1")

        var softmax = HandBuiltGraphs.softmax()
        softmax.operators[0].kind = .softmax(SoftmaxOptions(beta: 0.25))
        #expect(try TFLiteReader.graph(from: try TFLiteWriter.encode(softmax)) == softmax)

        var reshape = HandBuiltGraphs.reshape()
        reshape.operators[0].kind = .reshape(ReshapeOptions(newShape: nil))
        #expect(try TFLiteReader.graph(from: try TFLiteWriter.encode(reshape)) == reshape)
        reshape.operators[0].kind = .reshape(ReshapeOptions(newShape: [-1, 12]))
        #expect(try TFLiteReader.graph(from: try TFLiteWriter.encode(reshape)) == reshape)

        var mean = HandBuiltGraphs.mean()
        mean.operators[0].kind = .mean(MeanOptions(keepDims: false))
        mean.tensors[2].shape = [1, 4]
        #expect(try TFLiteReader.graph(from: try TFLiteWriter.encode(mean)) == mean)
    }

    @Test func optionTablesCarryTheirUnionTags() throws {
        let expected: [String: UInt8] = ["conv_2d": 1, "depthwise_conv_2d": 2, "fully_connected": 8, "average_pool_2d": 5,
                                         "max_pool_2d": 5, "mean": 27, "add": 11, "reshape": 17, "softmax": 9,
                                         "logistic": 0, "tanh": 0, "quantize": 0, "dequantize": 0]
        for (name, graph) in HandBuiltGraphs.all {
            let op = try FlatBuffer(bytes: try TFLiteWriter.encode(graph)).root()
                .tables(2, name: "subgraphs")[0].tables(3, name: "operators")[0]
            #expect(try op.uint8(3) == expected[name], "\(name)")
            #expect(try (op.field(4) != nil) == (expected[name] != 0), "\(name) options table")
        }
        let depthwise = try FlatBuffer(bytes: try TFLiteWriter.encode(HandBuiltGraphs.depthwiseConv2D())).root()
            .tables(2, name: "subgraphs")[0].tables(3, name: "operators")[0]
        #expect(try depthwise.table(4, name: "options")?.int32(3) == 2, "depth_multiplier")
    }

    @Test func perChannelQuantizationIsKept() throws {
        let graph = HandBuiltGraphs.depthwiseConv2D()
        let read = try TFLiteReader.graph(from: try TFLiteWriter.encode(graph))
        let filter = try #require(read.tensors[1].quantization)
        #expect(filter.quantizedDimension == 3)
        #expect(filter.scales == graph.tensors[1].quantization?.scales)
        #expect(filter.zeroPoints == [0, 0, 0, 0])
    }

    @Test func oneDimensionalQuantizedDimensionIsWrittenAsZero() throws {
        var graph = HandBuiltGraphs.conv2D()
        graph.tensors[2].quantization?.quantizedDimension = 3  // as person_detect's biases say
        let read = try TFLiteReader.graph(from: try TFLiteWriter.encode(graph))
        #expect(read.tensors[2].quantization?.quantizedDimension == 0)
        graph.tensors[2].quantization?.quantizedDimension = 0
        #expect(read == graph)
    }

    @Test func sameGraphGivesSameBytes() throws {
        for (name, graph) in HandBuiltGraphs.all {
            #expect(try TFLiteWriter.encode(graph) == TFLiteWriter.encode(graph), "\(name)")
        }
    }

    // MARK: - Errors

    @Test func tensorIndexOutOfRangeIsNamed() {
        var graph = HandBuiltGraphs.softmax()
        graph.operators[0].outputs = [7]
        #expect(throws: TFLiteWriteError.tensorIndexOutOfRange(what: "operator 0 (SOFTMAX) output", index: 7, tensorCount: 2)) {
            try TFLiteWriter.encode(graph)
        }
        graph = HandBuiltGraphs.softmax()
        graph.inputs = [-1]
        #expect(throws: TFLiteWriteError.tensorIndexOutOfRange(what: "a graph input", index: -1, tensorCount: 2)) {
            try TFLiteWriter.encode(graph)
        }
    }

    @Test func constantDataMustMatchItsTensor() {
        var graph = HandBuiltGraphs.fullyConnected()
        graph.tensors[2].data = .int32([1, 2, 3])
        #expect(throws: TFLiteWriteError.constantDataMismatch(tensor: "bias", detail: "holds 3 values but its shape [4] has 4")) {
            try TFLiteWriter.encode(graph)
        }
        graph.tensors[2].data = .float32([1, 2, 3, 4])
        #expect(throws: TFLiteWriteError.constantDataMismatch(tensor: "bias", detail: "holds float32 values but is declared int32")) {
            try TFLiteWriter.encode(graph)
        }
    }

    @Test func quantizationTheFormatCannotHoldIsRejected() {
        var graph = HandBuiltGraphs.conv2D()
        graph.tensors[1].quantization?.quantizedDimension = 5
        #expect(throws: TFLiteWriteError.invalidQuantization(tensor: "filter", detail: "quantized dimension 5 of a rank-4 tensor")) {
            try TFLiteWriter.encode(graph)
        }
        graph = HandBuiltGraphs.conv2D()
        graph.tensors[1].quantization?.quantizedDimension = 3
        #expect(throws: TFLiteWriteError.invalidQuantization(tensor: "filter", detail: "3 scales for 2 channels along dimension 3")) {
            try TFLiteWriter.encode(graph)
        }
        graph = HandBuiltGraphs.conv2D()
        graph.tensors[0].quantization?.zeroPoints = []
        #expect(throws: TFLiteWriteError.invalidQuantization(tensor: "input", detail: "1 scales and 0 zero points")) {
            try TFLiteWriter.encode(graph)
        }
    }

    @Test func valuesOutsideInt32AreRejected() {
        var graph = HandBuiltGraphs.softmax()
        graph.tensors[0].shape = [1, -10]
        #expect(throws: TFLiteWriteError.valueOutOfRange(what: "a dimension of tensor \"logits\"", value: -10)) {
            try TFLiteWriter.encode(graph)
        }
        graph = HandBuiltGraphs.pool(average: true)
        graph.operators[0].kind = .averagePool2D(Pool2DOptions(padding: .valid, strideHeight: 1 << 40, strideWidth: 1,
                                                               filterHeight: 2, filterWidth: 2))
        #expect(throws: TFLiteWriteError.valueOutOfRange(what: "operator 0 (AVERAGE_POOL_2D) stride height", value: 1 << 40)) {
            try TFLiteWriter.encode(graph)
        }
    }
}

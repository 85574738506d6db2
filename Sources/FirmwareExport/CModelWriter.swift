import Int8Inference
import MCUEmulator

/// Accumulates the body of `mote_model.c` operator by operator: constant tensors (each once),
/// per-operator parameter blocks, and the statements of `mote_model_run`.
struct CModelWriter {
    let graph: Graph
    let plan: MemoryPlan
    /// Definitions at file scope, in order: constants first used by an operator, then its parameters.
    private(set) var declarations: [String] = []
    /// Statements of `mote_model_run`, marks included.
    private(set) var statements: [String] = []
    /// Constant tensors already written, by tensor index.
    private var writtenConstants: Set<Int> = []

    init(graph: Graph, plan: MemoryPlan) {
        self.graph = graph
        self.plan = plan
    }

    // MARK: - Output

    mutating func declare(_ text: String) { declarations.append(text) }

    /// Adds a kernel call bracketed by the operator's cycle marks; `checked` calls return a status.
    mutating func call(_ text: String, at position: Int, name: String, checked: Bool = false) {
        statements.append("    /* operator \(position): \(name) */")
        statements.append("    MOTE_MARK(\(position << 1)u);")
        if checked {
            statements.append("    status = \(text);")
            statements.append("    if (status != MOTE_OK) return status;")
        } else {
            statements.append("    \(text);")
        }
        statements.append("    MOTE_MARK(\((position << 1) | 1)u);")
    }

    // MARK: - Tensors

    /// The C element type of a tensor.
    static func cType(_ type: ElementType) -> String {
        switch type {
        case .int8: "int8_t"
        case .int32: "int32_t"
        case .float32: "float"
        }
    }

    /// An expression for a tensor's data: its constant array, or its place in the arena.
    mutating func pointer(_ index: Int) throws(CExportError) -> String {
        let tensor = graph.tensors[index]
        guard let data = tensor.data else { return try arenaPointer(index) }
        let name = "mote_tensor_\(index)"
        if writtenConstants.insert(index).inserted {
            let values: [String]
            switch data {
            case .int8(let v): values = v.map { String($0) }
            case .int32(let v): values = v.map { CLiteral.int($0) }
            case .float32(let v):
                values = try v.map { value throws(CExportError) in try CLiteral.float(value) }
            }
            declare("""
                /* tensor \(index) "\(CLiteral.comment(tensor.name))": \(tensor.elementType.rawValue) \(tensor.shape) */
                static const \(Self.cType(data.elementType)) \(name)[\(max(values.count, 1))] = {\(CLiteral.elements(values))};
                """)
        }
        return name
    }

    /// An expression for a non-constant tensor's place in the arena.
    func arenaPointer(_ index: Int) throws(CExportError) -> String {
        let tensor = graph.tensors[index]
        guard let placement = plan.placement(ofTensor: index) else {
            throw .invalidGraph("tensor \"\(tensor.name)\" is neither constant nor computed by any operator")
        }
        return "MOTE_ARENA(\(Self.cType(tensor.elementType)), \(placement.offset))"
    }

    /// The pointer of an operator's optional input, or `0` (a null pointer) when absent.
    mutating func optionalPointer(_ op: GraphOperator, _ slot: Int) throws(CExportError) -> String {
        guard slot < op.inputs.count, let index = op.inputs[slot] else { return "0" }
        return try pointer(index)
    }

    // MARK: - Operands

    func inputTensor(_ op: GraphOperator, _ slot: Int, at position: Int) throws(CExportError) -> (index: Int, tensor: GraphTensor) {
        guard slot < op.inputs.count, let index = op.inputs[slot] else {
            throw .invalidGraph("operator \(position) (\(op.kind.name)): input \(slot) is missing")
        }
        return (index, graph.tensors[index])
    }

    func outputTensor(_ op: GraphOperator, at position: Int) throws(CExportError) -> (index: Int, tensor: GraphTensor) {
        guard let index = op.outputs.first else { throw .invalidGraph("operator \(position) (\(op.kind.name)): no output") }
        return (index, graph.tensors[index])
    }

    func quantization(_ tensor: GraphTensor, at position: Int) throws(CExportError) -> Quantization {
        guard let q = tensor.quantization else {
            throw .invalidGraph("operator \(position): tensor \"\(tensor.name)\" has no quantization")
        }
        return q
    }

    func require(_ tensor: GraphTensor, is type: ElementType, at position: Int) throws(CExportError) {
        guard tensor.elementType == type else {
            throw .unsupported("operator \(position): tensor \"\(tensor.name)\" is \(tensor.elementType.rawValue), the kernel takes \(type.rawValue)")
        }
    }

    func requireRank4(_ tensor: GraphTensor, at position: Int) throws(CExportError) {
        guard tensor.shape.count == 4 else {
            throw .invalidGraph("operator \(position): \"\(tensor.name)\" has shape \(tensor.shape), not rank 4")
        }
    }
}

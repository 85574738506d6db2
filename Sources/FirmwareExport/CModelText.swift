import Int8Inference

/// The text of `mote_model.h`, `mote_model.c` and `README.txt` around what `CModelWriter` made.
enum CModelText {
    static func header(input: GraphTensor, output: GraphTensor, arenaBytes: Int, operatorCount: Int) throws(CExportError) -> String {
        """
        /* mote_model.h: the model's C API, written by Mote's export.
         *
         * Call mote_model_invoke(input, output) to run one inference; it returns MOTE_OK (0) or an
         * error status. Everything lives in static memory: MOTE_MODEL_ARENA_BYTES of RAM for the
         * activations and the constants in read-only data. Not reentrant: one inference at a time. */
        #ifndef MOTE_MODEL_H
        #define MOTE_MODEL_H

        #include <stdint.h>

        \(try tensorFacts("INPUT", input))
        \(try tensorFacts("OUTPUT", output))
        /* Bytes of RAM the activations need (a static array in mote_model.c). */
        #define MOTE_MODEL_ARENA_BYTES \(arenaBytes)
        /* Operators run per inference; each is bracketed by MOTE_MARK(index << 1) and MOTE_MARK(index << 1 | 1). */
        #define MOTE_MODEL_OPERATOR_COUNT \(operatorCount)

        typedef \(CModelWriter.cType(input.elementType)) mote_input_t;
        typedef \(CModelWriter.cType(output.elementType)) mote_output_t;

        /* Copies MOTE_MODEL_INPUT_COUNT values from input, runs the model, copies
         * MOTE_MODEL_OUTPUT_COUNT values to output. Returns 0 on success. */
        int mote_model_invoke(const mote_input_t *input, mote_output_t *output);

        /* The same in steps, to fill the input and read the output in place: */
        mote_input_t *mote_model_input(void);        /* the input tensor inside the arena */
        int mote_model_run(void);                    /* runs the operators on the arena */
        const mote_output_t *mote_model_output(void); /* the output tensor inside the arena */

        #endif /* MOTE_MODEL_H */

        """
    }

    private static func tensorFacts(_ prefix: String, _ tensor: GraphTensor) throws(CExportError) -> String {
        var lines = [
            "/* \(prefix.lowercased()): \"\(CLiteral.comment(tensor.name))\", \(tensor.elementType.rawValue) \(tensor.shape) */",
            "#define MOTE_MODEL_\(prefix)_COUNT \(tensor.elementCount)",
            "#define MOTE_MODEL_\(prefix)_BYTES \(tensor.elementCount * tensor.elementType.byteSize)",
            "#define MOTE_MODEL_\(prefix)_RANK \(tensor.shape.count)",
            "#define MOTE_MODEL_\(prefix)_SHAPE \(CLiteral.list(tensor.shape))",
        ]
        if let q = tensor.quantization, tensor.elementType == .int8 {
            lines.append("#define MOTE_MODEL_\(prefix)_SCALE \(try CLiteral.float(q.scale))")
            lines.append("#define MOTE_MODEL_\(prefix)_ZERO_POINT \(q.zeroPoint < 0 ? "(\(CLiteral.int(q.zeroPoint)))" : CLiteral.int(q.zeroPoint))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func source(writer: CModelWriter, arenaBytes: Int, inputPointer: String, outputPointer: String) -> String {
        var parts: [String] = [
            """
            /* mote_model.c: the model's constants and its operators as straight-line kernel calls,
             * written by Mote's export. Parameters were computed at export time exactly as Mote's
             * Swift kernels compute them; the arena layout is TensorFlow Lite Micro's greedy plan. */
            #include "mote_model.h"
            #include "mote_kernels.h"

            /* Cycle marks around each operator: empty unless the build defines MOTE_MARK(id), e.g.
             * as a store to a profiling port. id = operator index << 1, | 1 at its end. */
            #ifndef MOTE_MARK
            #define MOTE_MARK(id) ((void)0)
            #endif

            /* The activations. The union aligns the arena for every element type; each tensor
             * sits at its planned offset (a multiple of 16). */
            static union {
                int8_t bytes[\(arenaBytes)];
                double alignment;
            } mote_arena;

            #define MOTE_ARENA(type, offset) ((type *)(void *)(mote_arena.bytes + (offset)))

            """,
            arenaLayout(writer),
        ]
        parts.append(contentsOf: writer.declarations)
        parts.append("""

            mote_input_t *mote_model_input(void) { return \(inputPointer); }

            const mote_output_t *mote_model_output(void) { return \(outputPointer); }

            int mote_model_run(void)
            {
                int status = MOTE_OK;
            \(writer.statements.joined(separator: "\n"))
                return status;
            }

            int mote_model_invoke(const mote_input_t *input, mote_output_t *output)
            {
                int status;
                mote_copy_bytes(input, mote_model_input(), MOTE_MODEL_INPUT_BYTES);
                status = mote_model_run();
                if (status != MOTE_OK) return status;
                mote_copy_bytes(mote_model_output(), output, MOTE_MODEL_OUTPUT_BYTES);
                return MOTE_OK;
            }

            """)
        return parts.joined(separator: "\n")
    }

    /// A comment listing where each tensor lives in the arena and during which operators.
    private static func arenaLayout(_ writer: CModelWriter) -> String {
        var lines = ["/* Arena layout:\n *   offset    bytes   live  tensor"]
        for placement in writer.plan.placements.sorted(by: { ($0.offset, $0.firstUse) < ($1.offset, $1.firstUse) }) {
            func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
            let live = "\(placement.firstUse)-\(placement.lastUse)"
            lines.append(" * \(padded(String(placement.offset), 8)) \(padded(String(placement.bytes), 8)) \(padded(live, 6))  \"\(CLiteral.comment(placement.name))\"")
        }
        lines.append(" */")
        return lines.joined(separator: "\n")
    }

    static func readme(input: GraphTensor, output: GraphTensor, arenaBytes: Int) -> String {
        """
        Model inference in portable C99, exported by Mote
        ==================================================

        Files
          mote_model.h    the API: mote_model_invoke, input and output sizes, shapes, scales, zero points
          mote_model.c    the model's constants (weights, biases, fixed-point multipliers) and its operators
          mote_kernels.h  the int8 kernels' parameters and entry points
          mote_kernels.c  the int8 kernels, computing the same bits as TensorFlow Lite Micro's reference kernels

        Use
          Add the two .c files to your project and call

              #include "mote_model.h"
              static mote_input_t input[MOTE_MODEL_INPUT_COUNT];
              static mote_output_t output[MOTE_MODEL_OUTPUT_COUNT];
              ... fill input ...
              if (mote_model_invoke(input, output) != 0) { ... handle the error ... }

          Input: \(input.elementType.rawValue) \(input.shape). Output: \(output.elementType.rawValue) \(output.shape).
          For int8 tensors, real value = (q - ZERO_POINT) * SCALE (the MOTE_MODEL_*_SCALE and
          MOTE_MODEL_*_ZERO_POINT macros).

        Memory
          No heap. The activations take a static arena of \(arenaBytes) bytes (MOTE_MODEL_ARENA_BYTES);
          the constants are const arrays, which embedded toolchains place in flash.

        Build
          Any C99 compiler, for example:
              cc -std=c99 -O2 -c mote_model.c mote_kernels.c
              arm-none-eabi-gcc -std=c99 -O2 -mcpu=cortex-m4 -mthumb -c mote_model.c mote_kernels.c
          On a bare-metal build link libgcc (-lgcc) for 64-bit division and, on cores without an FPU,
          the soft-float helpers. No other library is needed.

        Profiling
          Define MOTE_MARK(id) when compiling mote_model.c (for example
          -D'MOTE_MARK(id)=(*(volatile uint32_t *)0x40000000 = (id))') to be called before and after
          every operator with id = operator index << 1, and | 1 at its end. Left undefined, it is empty.

        """
    }
}

# Convenience targets; the scripts do the work (see README.md).
.PHONY: notebooks test lab bench fuzz kernelspec clean

notebooks:
	./scripts/run-notebooks.sh

test:
	./scripts/test.sh

# JupyterLab on the course notebooks, with the Mote kernel installed into .venv.
lab:
	./scripts/lab.sh

bench:
	./scripts/bench.sh

# libFuzzer on the parser, evaluator, wire decoder, .tflite reader and loaders, FUZZ_SECONDS (60) each.
fuzz:
	./scripts/fuzz.sh

# Refresh the committed Kernelspec/mote (logos and a kernel.json that finds mote on PATH).
kernelspec:
	swift build --product mote
	"$$(swift build --show-bin-path)/mote" install --destination Kernelspec/mote
	sed -i 's#"[^"]*/mote",#"mote",#' Kernelspec/mote/kernel.json

clean:
	rm -rf .build out

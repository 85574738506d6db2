// JupyterWireTests

"""The Jupyter community's own kernel test suite, run against the installed Mote kernelspec."""

import unittest

import jupyter_kernel_test


class MoteKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "mote"
    language_name = "mote"
    file_extension = ".mote"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'warn("careful")'

    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "linsp", "matches": {"linspace"}},
    ]

    complete_code_samples = ["1 + 2", "x = 3", 'print("a")', "for i in range(3) { print(i) }", ""]
    incomplete_code_samples = ["print(1,", "for i in range(3) {", "x = [1, 2", 'print("abc']
    invalid_code_samples = ["1 +* 2", ")", "x = = 3"]

    code_page_something = "print?"

    code_generate_error = 'assert 1 == 2, "one is not two"'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "0.5 * 3", "result": "1.5"},
        {"code": "2 ** 10", "result": "1024"},
        {"code": "[1, 2] == [1, 2]", "result": "true"},
        {"code": "zeros(2, 3).shape", "result": "[2, 3]"},
        {"code": "3 * 3", "result": "9"},
    ]

    code_display_data = [
        {"code": "show(plot([1, 4, 9]))", "mime": "image/png"},
        {"code": "show(plot([1, 4, 9]))", "mime": "image/svg+xml"},
        {"code": "show(tensor([[1, 2], [3, 4]]))", "mime": "text/plain"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1 + *"

    code_inspect_sample = "linspace"

    code_clear_output = 'print("soon gone"); clear()'


if __name__ == "__main__":
    unittest.main()

# nbgrader for the Mote assignments: `nbgrader generate_assignment units`, then `nbgrader autograde units`
# in this folder (the course directory). The notebooks run on the `mote` kernel.
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.root = "."
c.CourseDirectory.course_id = "mote"

# nbgrader replaces each `### BEGIN SOLUTION` … `### END SOLUTION` region by the stub of the notebook's
# kernelspec language, and knows none for Mote. Mote has no `raise`; a failing assert is its error,
# so an unanswered cell stops with "AssertionError: not done yet" and its tests score 0.
c.ClearSolutions.code_stub = {"mote": '# YOUR CODE HERE\nassert false, "not done yet"'}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Training and quantizing take seconds, not minutes; a cell that runs longer is stuck.
c.ExecutePreprocessor.timeout = 120

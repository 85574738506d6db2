// TensorEngine: work in progress; see issue 2.

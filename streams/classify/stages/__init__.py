"""The generic stages of the classifier, in the order the pipeline runs them (language,
sentences, cues, negation and attribution, counts, labels with the acts they read, places).
Each takes the :class:`streams.classify.document.Document` built so far, with its language
pack's compiled data (:mod:`streams.classify.lang`), and adds its part; none knows a language by
name, and a pack may bring its own implementation instead (:mod:`streams.classify.pipeline`).
They import only the classifier's own modules and the item schemas."""

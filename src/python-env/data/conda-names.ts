// conda package name -> PyPI distribution name(s), for the conda-forge / defaults packages whose
// name differs from the PyPI distribution they install (from the conda-forge feedstocks' package
// names and the PyPI projects they repackage). Every other conda name is taken to be the PyPI
// name, which holds for the large majority. A metapackage maps to several distributions (`|`).

export const CONDA_NAMES = `
pytorch = torch
pytorch-cpu = torch
pytorch-gpu = torch
py-xgboost = xgboost
py-xgboost-cpu = xgboost
py-xgboost-gpu = xgboost
py-lightgbm = lightgbm
py-opencv = opencv-python
opencv = opencv-python
tensorflow-base = tensorflow
tensorflow-gpu = tensorflow
tensorflow-cpu = tensorflow
keras-gpu = keras
matplotlib-base = matplotlib
python-graphviz = graphviz
pytables = tables
msgpack-python = msgpack
pyqt = pyqt5
arrow-cpp = pyarrow
libprotobuf = protobuf
python-kaleido = kaleido
python-lmdb = lmdb
faiss = faiss-cpu
libgdal = gdal
spacy-model-en_core_web_sm = en-core-web-sm
spacy-model-en_core_web_md = en-core-web-md
spacy-model-en_core_web_lg = en-core-web-lg
rapids = cudf | cuml | cugraph | dask-cudf
jupyter = jupyter | notebook | ipykernel | ipython | ipywidgets | nbformat | nbconvert
jupyterlab = jupyterlab | ipykernel | ipython
`;

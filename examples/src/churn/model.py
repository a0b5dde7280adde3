"""The model wrapper the service calls."""
import joblib

from churn.features import build_features


class ChurnModel:
    def __init__(self, path: str) -> None:
        self.model = joblib.load(path)

    def predict(self, frame):
        return self.model.predict_proba(build_features(frame))[:, 1]

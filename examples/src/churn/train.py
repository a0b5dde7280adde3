"""Train the churn model and save it next to the service."""
import joblib
import pandas as pd
import xgboost  # noqa: F401  (tried during the experiment, still imported)
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from churn.features import build_features

RAW_DATA = "/home/maria/projects/churn/data/customers.csv"


def train_model(frame: pd.DataFrame) -> LogisticRegression:
    features = build_features(frame)
    x_train, _, y_train, _ = train_test_split(features, frame["churned"], test_size=0.2)
    model = LogisticRegression(max_iter=200)
    model.fit(x_train, y_train)
    return model


if __name__ == "__main__":
    model = train_model(pd.read_csv(RAW_DATA))
    joblib.dump(model, "models/churn.joblib")

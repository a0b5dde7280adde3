"""Feature engineering shared by training and serving."""
import pandas as pd

NUMERIC = ["tenure_months", "monthly_charges"]


def build_features(frame: pd.DataFrame) -> pd.DataFrame:
    features = frame[NUMERIC].copy()
    features["charges_per_month_of_tenure"] = frame["monthly_charges"] / (frame["tenure_months"] + 1)
    return features

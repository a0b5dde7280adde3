"""Flask service that scores customers."""
import pandas as pd
from flask import Flask, jsonify, request

from churn.model import ChurnModel
from churn.train import train_model

app = Flask(__name__)
model = ChurnModel("models/churn.joblib")


@app.route("/predict", methods=["POST"])
def predict_endpoint():
    frame = pd.DataFrame([request.get_json()])
    return jsonify({"churn_probability": float(model.predict(frame)[0])})


@app.route("/refresh", methods=["POST"])
def refresh():
    # Retrains on every call: the service now depends on training code and data.
    model.model = train_model(pd.read_csv("data/customers.csv"))
    return jsonify({"status": "retrained"})

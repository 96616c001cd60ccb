#!/usr/bin/env python3
"""Writes the tiny ONNX models the ModelRuntime tests run through OpenCV dnn.

Each is one 3x3 convolution (zero padding 1, stride 1) followed by a sigmoid:

    out[r, c] = sigmoid(b + sum_{i,j in -1..1} K[i+1, j+1] * in[r+i, c+j])

with K = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] / 10 and b = -1 (ONNX Conv is a
cross-correlation; the kernel is asymmetric so a flip or transpose shows).

(13 columns: odd, like an angular section of 2·radius + 1.)

- gray_conv_sigmoid.onnx: input "input" 1x1x8x13 (N, C, H, W), output "prob".
- rgb_conv_sigmoid.onnx:  input "input" 1x3x8x13; each channel has weight K / 3,
  so a grey image replicated into the three channels gives the same output.

Run:  python3 -m venv /tmp/venv && /tmp/venv/bin/python -m pip install onnx numpy
      /tmp/venv/bin/python make_model.py      (writes the .onnx files beside it)
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HEIGHT, WIDTH = 8, 13
KERNEL = np.arange(1, 10, dtype=np.float32).reshape(3, 3) / 10
BIAS = -1.0


def build(channels: int) -> onnx.ModelProto:
    weight = np.repeat((KERNEL / channels)[None, None], channels, axis=1).astype(np.float32)
    nodes = [
        helper.make_node("Conv", ["input", "weight", "bias"], ["conv"],
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node("Sigmoid", ["conv"], ["prob"]),
    ]
    graph = helper.make_graph(
        nodes, f"conv_sigmoid_{channels}ch",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, channels, HEIGHT, WIDTH])],
        [helper.make_tensor_value_info("prob", TensorProto.FLOAT, [1, 1, HEIGHT, WIDTH])],
        initializer=[numpy_helper.from_array(weight, "weight"),
                     numpy_helper.from_array(np.array([BIAS], dtype=np.float32), "bias")])
    # Opset 11 / IR 6: what OpenCV 4.6's ONNX importer reads.
    model = helper.make_model(graph, producer_name="cellqa-make_model",
                              opset_imports=[helper.make_opsetid("", 11)])
    model.ir_version = 6
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, channels in (("gray_conv_sigmoid.onnx", 1), ("rgb_conv_sigmoid.onnx", 3)):
        onnx.save(build(channels), os.path.join(here, name))
        print(name, os.path.getsize(os.path.join(here, name)), "bytes")

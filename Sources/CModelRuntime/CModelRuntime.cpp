// OpenCV dnn behind the C interface in include/CModelRuntime.h.
#include "CModelRuntime.h"

#include <cstring>
#include <exception>
#include <mutex>
#include <string>

namespace {

void report(char *error, size_t capacity, const std::string &message) {
    if (error == nullptr || capacity == 0) return;
    size_t n = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(error, message.data(), n);
    error[n] = '\0';
}

}  // namespace

#ifdef CELLQA_MODEL_RUNTIME  // Set by Package.swift only with the ModelRuntime trait.
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/dnn.hpp>

struct cellqa_model {
    cv::dnn::Net net;
    std::mutex lock;  // cv::dnn::Net::forward mutates the net's internal buffers.
};

extern "C" cellqa_model *cellqa_model_load(const char *path, char *error, size_t error_capacity) {
    // OpenCV would also print each failure to stderr; the message reaches the caller instead.
    static std::once_flag quiet;
    std::call_once(quiet, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
    try {
        cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
        if (net.empty()) {
            report(error, error_capacity, "OpenCV read an empty network");
            return nullptr;
        }
        net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        auto *model = new cellqa_model();
        model->net = net;
        return model;
    } catch (const cv::Exception &e) {
        report(error, error_capacity, e.what());
    } catch (const std::exception &e) {
        report(error, error_capacity, e.what());
    } catch (...) {
        report(error, error_capacity, "unknown C++ exception while reading the model");
    }
    return nullptr;
}

extern "C" int cellqa_model_run(cellqa_model *model, const float *input, int height, int width, int channels,
                                float *output, size_t output_capacity, int *out_height, int *out_width,
                                char *error, size_t error_capacity) {
    if (model == nullptr || input == nullptr || output == nullptr || height <= 0 || width <= 0 ||
        channels <= 0) {
        report(error, error_capacity, "invalid arguments (need a model, an image and at least one channel)");
        return -1;
    }
    try {
        // NCHW blob over a copy of the planes (the caller's buffer stays read-only).
        const int shape[4] = {1, channels, height, width};
        cv::Mat blob(4, shape, CV_32F);
        const size_t count = static_cast<size_t>(channels) * static_cast<size_t>(height) * static_cast<size_t>(width);
        std::memcpy(blob.ptr<float>(), input, count * sizeof(float));

        cv::Mat result;
        {
            std::lock_guard<std::mutex> guard(model->lock);
            model->net.setInput(blob);
            result = model->net.forward().clone();
        }
        if (result.type() != CV_32F || result.dims < 3 || result.dims > 4 || result.size[0] != 1) {
            report(error, error_capacity, "the network output is not a float32 1×C×H×W (or 1×H×W) map");
            return -1;
        }
        const int oh = result.size[result.dims - 2];
        const int ow = result.size[result.dims - 1];
        const int oc = result.dims == 4 ? result.size[1] : 1;
        const size_t outCount = static_cast<size_t>(oh) * static_cast<size_t>(ow);
        if (outCount > output_capacity) {
            report(error, error_capacity, "the network output (" + std::to_string(oh) + "×" + std::to_string(ow) +
                                              ") is larger than the buffer");
            return -1;
        }
        if (!result.isContinuous()) result = result.clone();
        std::memcpy(output, result.ptr<float>() + static_cast<size_t>(oc - 1) * outCount, outCount * sizeof(float));
        *out_height = oh;
        *out_width = ow;
        return 0;
    } catch (const cv::Exception &e) {
        report(error, error_capacity, e.what());
    } catch (const std::exception &e) {
        report(error, error_capacity, e.what());
    } catch (...) {
        report(error, error_capacity, "unknown C++ exception while running the model");
    }
    return -1;
}

extern "C" void cellqa_model_free(cellqa_model *model) { delete model; }

#else  // Built without the trait (SwiftPM compiles every target): no OpenCV, every call fails.
struct cellqa_model {};

extern "C" cellqa_model *cellqa_model_load(const char *, char *error, size_t error_capacity) {
    report(error, error_capacity, "cellqa was built without the ModelRuntime trait");
    return nullptr;
}

extern "C" int cellqa_model_run(cellqa_model *, const float *, int, int, int, float *, size_t, int *, int *,
                                char *error, size_t error_capacity) {
    report(error, error_capacity, "cellqa was built without the ModelRuntime trait");
    return -1;
}

extern "C" void cellqa_model_free(cellqa_model *model) { delete model; }
#endif

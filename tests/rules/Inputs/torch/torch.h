// Mock of <torch/torch.h> for rule fixtures: the real qualified names and
// signatures (libtorch 1.13) of the APIs the catalogs name, nothing more.
#pragma once
#include <type_traits>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace c10 {
enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };
constexpr DeviceType kCPU = DeviceType::CPU;
constexpr DeviceType kCUDA = DeviceType::CUDA;
struct Device {
  Device(DeviceType type, int8_t index = -1);
  DeviceType type() const;
};
enum class ScalarType : int8_t { Float, Long };
class Scalar {
public:
  Scalar(double v);
  Scalar(int64_t v);
  Scalar(int v);
};
constexpr ScalarType kFloat = ScalarType::Float;
struct TensorOptions {
  TensorOptions();
  // As libtorch 1.13 spells it: a forwarding reference, so that an lvalue
  // `torch::Device dev` binds as `Device &` (issue 11: not a write of dev).
  template <typename T, typename = std::enable_if_t<
                            std::is_same<std::decay_t<T>, Device>::value>>
  /* implicit */ TensorOptions(T &&device);
  TensorOptions(DeviceType type);
  TensorOptions device(Device d) const;
  TensorOptions dtype(ScalarType t) const;
};
using IntArrayRef = std::vector<int64_t>;
} // namespace c10

namespace at {
class Tensor;
namespace indexing {
struct Slice {
  Slice(int64_t start, int64_t stop, int64_t step = 1);
};
struct TensorIndex {
  TensorIndex(int64_t i);
  TensorIndex(Slice s);
};
} // namespace indexing

template <typename T, size_t N> class TensorAccessor {
public:
  TensorAccessor<T, N - 1> operator[](int64_t i) const;
};
template <typename T> class TensorAccessor<T, 1> {
public:
  T &operator[](int64_t i) const;
};

class TensorBase {
public:
  int64_t size(int64_t dim) const;
  int64_t numel() const;
  int64_t dim() const;
  c10::Device device() const;
  template <typename T> T *data_ptr() const;
};

class Tensor : public TensorBase {
public:
  Tensor();
  Tensor(const Tensor &tensor);
  Tensor(Tensor &&tensor) noexcept;
  Tensor &operator=(const Tensor &x) &;
  Tensor &operator=(Tensor &&x) &;
  Tensor &operator=(const Tensor &x) &&;
  Tensor &operator=(const c10::Scalar &v) &&;
  Tensor to(c10::TensorOptions options = {}, bool non_blocking = false,
            bool copy = false) const;
  Tensor to(c10::Device device, c10::ScalarType dtype,
            bool non_blocking = false, bool copy = false) const;
  Tensor to(c10::ScalarType dtype, bool non_blocking = false,
            bool copy = false) const;
  Tensor to(const Tensor &other, bool non_blocking = false,
            bool copy = false) const;
  Tensor cuda() const;
  Tensor cpu() const;
  Tensor pin_memory() const;
  Tensor operator[](int64_t index) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor index(std::initializer_list<indexing::TensorIndex> indices) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor squeeze(int64_t dim) const;
  Tensor slice(int64_t dim = 0, int64_t start = 0, int64_t end = 0,
               int64_t step = 1) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor argmax(int64_t dim) const;
  Tensor softmax(int64_t dim) const;
  Tensor matmul(const Tensor &other) const;
  Tensor &add_(const Tensor &other);
  Tensor &zero_();
  template <typename T> T item() const;
  template <typename T, size_t N> TensorAccessor<T, N> accessor() const;
  Tensor sum() const;
  void backward() const;
  Tensor operator+(const Tensor &other) const;
  Tensor operator*(const Tensor &other) const;
};
Tensor stack(const std::vector<Tensor> &tensors, int64_t dim = 0);
Tensor cat(const std::vector<Tensor> &tensors, int64_t dim = 0);
} // namespace at

namespace torch {
using at::Tensor;
using c10::Device;
using c10::kCPU;
using c10::kCUDA;
using c10::kFloat;
using c10::TensorOptions;
using at::cat;
using at::stack;
namespace indexing = at::indexing;
Tensor zeros(c10::IntArrayRef size, c10::TensorOptions options = {});
Tensor matmul(const Tensor &self, const Tensor &other);
Tensor full(c10::IntArrayRef size, const c10::Scalar &fill_value,
            c10::TensorOptions options = {});
Tensor ones(c10::IntArrayRef size, c10::TensorOptions options = {});
Tensor randn(c10::IntArrayRef size, c10::TensorOptions options = {});
Tensor empty(c10::IntArrayRef size, c10::TensorOptions options = {});
Tensor full(c10::IntArrayRef size, float value,
            c10::TensorOptions options = {});
Tensor tensor(const std::vector<int64_t> &values);
Tensor tensor(const std::vector<float> &values);
Tensor from_blob(void *data, c10::IntArrayRef sizes,
                 c10::TensorOptions options = {});
Tensor relu(const Tensor &x);
struct NoGradGuard {
  NoGradGuard();
};
struct InferenceMode {
  InferenceMode(bool enabled = true);
};

namespace nn {
class Module {
public:
  virtual ~Module();
  template <typename M>
  std::shared_ptr<M> register_module(std::string name, std::shared_ptr<M> m);
  void eval();
  void train(bool on = true);
  void to(c10::Device device, bool non_blocking = false);
};

template <typename Contained> class ModuleHolder {
public:
  ModuleHolder();
  template <typename... Args> explicit ModuleHolder(Args &&...args);
  Contained *operator->();
  const Contained *operator->() const;
  Contained &operator*();
  template <typename... Args>
  auto operator()(Args &&...args)
      -> decltype(std::declval<Contained>().forward(std::forward<Args>(args)...));
  const std::shared_ptr<Contained> &ptr() const;
};

class LinearImpl : public Module {
public:
  LinearImpl(int64_t in, int64_t out);
  Tensor forward(const Tensor &input);
};
class Linear : public ModuleHolder<LinearImpl> {
public:
  using ModuleHolder<LinearImpl>::ModuleHolder;
};

class BatchNorm1dImpl : public Module {
public:
  explicit BatchNorm1dImpl(int64_t features);
  Tensor forward(const Tensor &input);
};
class BatchNorm1d : public ModuleHolder<BatchNorm1dImpl> {
public:
  using ModuleHolder<BatchNorm1dImpl>::ModuleHolder;
};
class SequentialImpl : public Module {
public:
  template <typename... Modules> explicit SequentialImpl(Modules &&...modules);
  Tensor forward(const Tensor &input);
};
class Sequential : public ModuleHolder<SequentialImpl> {
public:
  using ModuleHolder<SequentialImpl>::ModuleHolder;
};

class GRUCellImpl : public Module {
public:
  GRUCellImpl(int64_t in, int64_t hidden);
  Tensor forward(const Tensor &input, Tensor hx = {});
};
class GRUCell : public ModuleHolder<GRUCellImpl> {
public:
  using ModuleHolder<GRUCellImpl>::ModuleHolder;
};
} // namespace nn

namespace jit {
struct IValue {
  IValue(at::Tensor t);
  at::Tensor toTensor() const;
};
class Module {
public:
  IValue forward(std::vector<IValue> inputs);
  IValue operator()(std::vector<IValue> inputs);
  void eval();
};
Module load(const std::string &path);
namespace script {
using Module = ::torch::jit::Module;
}
} // namespace jit

namespace data {
template <typename Data = at::Tensor, typename Target = at::Tensor>
struct Example {
  Data data;
  Target target;
};
template <typename Batch> class DataLoaderBase {
public:
  struct Iterator {
    Batch &operator*();
    Iterator &operator++();
    bool operator!=(const Iterator &other) const;
  };
  Iterator begin();
  Iterator end();
};
template <typename Dataset>
class StatelessDataLoader
    : public DataLoaderBase<std::vector<Example<>>> {};
} // namespace data

namespace optim {
class Optimizer {
public:
  void zero_grad();
  Tensor step();
};
class SGD : public Optimizer {
public:
  SGD(int params, double lr);
};
} // namespace optim
} // namespace torch
